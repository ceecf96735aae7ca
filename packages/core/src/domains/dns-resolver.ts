/**
 * The DNS port: the TXT records published at a name, each record's character-strings joined into
 * one string (a long DKIM key is split into 255-byte strings in DNS), for sender-domain
 * verification; and the addresses (A and AAAA, CNAMEs followed) a name resolves to, for the
 * outbound policy. A name that does not exist, or has no such records, answers `[]`; a resolver
 * that cannot answer throws {@link DnsUnavailable}, which is never read as "no records".
 */
export interface DnsResolver {
  txt(name: string): Promise<string[]>;
  addresses(name: string): Promise<string[]>;
}

/** The resolver could not answer (timeout, network, server failure): nothing can be concluded. */
export class DnsUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DnsUnavailable";
  }
}

/** How names are compared and looked up: lower-cased, without a trailing dot. */
export function normalizeDnsName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}
