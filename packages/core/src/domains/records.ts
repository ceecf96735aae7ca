/** What customers include in their SPF record: the platform's sending hosts. */
export const SPF_INCLUDE = "_spf.edgepost.dev";
/** The DKIM selector of every sender domain: `edgepost._domainkey.<domain>`. */
export const DKIM_SELECTOR = "edgepost";
/** The TXT record an account proves it controls a domain with, under `_edgepost.<domain>`. */
export const VERIFICATION_PREFIX = "edgepost-verification=";

export type DnsCheckName = "ownership" | "spf" | "dkim" | "dmarc";

/** One DNS record a customer publishes for a sender domain. */
export interface DnsRecord {
  purpose: DnsCheckName;
  type: "TXT";
  name: string;
  value: string;
  description: string;
}

/** Where each check looks, for a domain and its selector. */
export function recordNames(domain: string, selector: string): Record<DnsCheckName, string> {
  return {
    ownership: `_edgepost.${domain}`,
    spf: domain,
    dkim: `${selector}._domainkey.${domain}`,
    dmarc: `_dmarc.${domain}`,
  };
}

/** The four TXT records that make a domain verified, as they are to be published. */
export function recordsToPublish(domain: {
  domain: string;
  verificationToken: string;
  dkimSelector: string;
  dkimPublicKey: string;
}): DnsRecord[] {
  const names = recordNames(domain.domain, domain.dkimSelector);
  return [
    {
      purpose: "ownership",
      type: "TXT",
      name: names.ownership,
      value: `${VERIFICATION_PREFIX}${domain.verificationToken}`,
      description: "Proves that this account controls the domain.",
    },
    {
      purpose: "spf",
      type: "TXT",
      name: names.spf,
      value: `v=spf1 include:${SPF_INCLUDE} ~all`,
      description: `Authorises Edgepost to send for the domain. A domain has one SPF record only: if it has one already, add include:${SPF_INCLUDE} to it.`,
    },
    {
      purpose: "dkim",
      type: "TXT",
      name: names.dkim,
      value: `v=DKIM1; k=rsa; p=${domain.dkimPublicKey}`,
      description:
        "The public key of the DKIM signatures of messages sent from the domain (longer than 255 characters: DNS providers split it into several strings, which is fine).",
    },
    {
      purpose: "dmarc",
      type: "TXT",
      name: names.dmarc,
      value: "v=DMARC1; p=none; adkim=r; aspf=r",
      description:
        "A DMARC policy (any existing one will do). p=none only monitors; move to quarantine or reject once mail passes.",
    },
  ];
}
