import type { DnsResolver } from "../domains/dns-resolver";
import { canonicalHost, parseIpAddress, reservedRange } from "./ip-address";
import { allowedByConfig, hostRefusal, type OutboundPolicy } from "./outbound-policy";

/** What a check at connection time needs: the policy and the DNS the addresses come from. */
export interface Outbound {
  policy: OutboundPolicy;
  dns: DnsResolver;
}

/**
 * Why the platform must not connect to `host:port` now: {@link hostRefusal}, or a name that does
 * not resolve, or resolves to any address that is not public (every address is checked: a name
 * that pointed to a public address when it was registered may point to a private one today).
 * Throws the resolver's `DnsUnavailable` when DNS cannot answer: nothing can be concluded.
 */
export async function connectionRefusal(
  outbound: Outbound,
  host: string,
  port: number,
): Promise<string | null> {
  const refused = hostRefusal(outbound.policy, host, port);
  if (refused || allowedByConfig(outbound.policy, host, port)) return refused;
  const canonical = canonicalHost(host) ?? host;
  if (parseIpAddress(canonical)) return null;
  const addresses = await outbound.dns.addresses(canonical);
  if (addresses.length === 0) return `${host} does not resolve to any address`;
  for (const text of addresses) {
    const address = parseIpAddress(canonicalHost(text) ?? "");
    if (!address) return `${host} resolves to ${text}, which is not an IP address`;
    const reserved = reservedRange(address);
    if (reserved) return `${host} resolves to ${text}, ${reserved}`;
  }
  return null;
}
