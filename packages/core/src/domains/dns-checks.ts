import type { DnsCheck } from "@edgepost/db";
import type { DnsResolver } from "./dns-resolver";
import { type DnsCheckName, recordNames, SPF_INCLUDE, VERIFICATION_PREFIX } from "./records";

/** Bounds on what is stored of the records found, however much a zone publishes. */
const MAX_FOUND = 10;
const MAX_FOUND_LENGTH = 2048;

const found = (records: string[]) => records.slice(0, MAX_FOUND).map((r) => r.slice(0, MAX_FOUND_LENGTH));

const SPF = /^v=spf1(\s|$)/i;
const DMARC = /^v\s*=\s*DMARC1\s*(;|$)/i;

/** The ownership record is there, exactly. */
function checkOwnership(records: string[], token: string): DnsCheck {
  return { ok: records.includes(`${VERIFICATION_PREFIX}${token}`), found: found(records) };
}

/**
 * Exactly one SPF record (two make SPF fail with permerror, RFC 7208 4.5), and it includes the
 * platform's hosts with a passing qualifier (`include:` or `+include:`).
 */
function checkSpf(records: string[]): DnsCheck {
  const spf = records.filter((r) => SPF.test(r.trim()));
  const includes = (record: string) =>
    record
      .trim()
      .split(/\s+/)
      .slice(1)
      .some((term) => {
        const target = /^\+?include:(.+)$/i.exec(term)?.[1];
        return target?.toLowerCase().replace(/\.$/, "") === SPF_INCLUDE;
      });
  return { ok: spf.length === 1 && includes(spf[0] ?? ""), found: found(spf) };
}

/** The `tag=value` pairs of a DKIM or DMARC record; later duplicates do not override. */
function tags(record: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of record.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (!map.has(name)) map.set(name, part.slice(eq + 1).trim());
  }
  return map;
}

/** A DKIM key record (v=DKIM1 if it says, k=rsa if it says) whose p= is the domain's public key. */
function checkDkim(records: string[], publicKey: string): DnsCheck {
  const ok = records.some((record) => {
    const t = tags(record);
    const p = t.get("p")?.replace(/\s+/g, "");
    return (
      p === publicKey && (t.get("v") ?? "DKIM1") === "DKIM1" && (t.get("k") ?? "rsa").toLowerCase() === "rsa"
    );
  });
  return { ok, found: found(records) };
}

/** Exactly one DMARC record (with more, receivers apply none, RFC 7489 6.6.3). */
function checkDmarc(records: string[]): DnsCheck {
  return { ok: records.filter((r) => DMARC.test(r.trim())).length === 1, found: found(records) };
}

/**
 * Looks the four records up at once and checks each. Throws the resolver's `DnsUnavailable` if
 * any lookup could not be answered: then nothing is concluded.
 */
export async function runDnsChecks(
  dns: DnsResolver,
  domain: { domain: string; verificationToken: string; dkimSelector: string; dkimPublicKey: string },
): Promise<Record<DnsCheckName, DnsCheck>> {
  const names = recordNames(domain.domain, domain.dkimSelector);
  const [ownership, spf, dkim, dmarc] = await Promise.all([
    dns.txt(names.ownership),
    dns.txt(names.spf),
    dns.txt(names.dkim),
    dns.txt(names.dmarc),
  ]);
  return {
    ownership: checkOwnership(ownership, domain.verificationToken),
    spf: checkSpf(spf),
    dkim: checkDkim(dkim, domain.dkimPublicKey),
    dmarc: checkDmarc(dmarc),
  };
}
