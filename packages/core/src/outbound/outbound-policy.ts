import { canonicalHost, parseIpAddress, reservedRange } from "./ip-address";

/**
 * Where the platform may connect on a customer's behalf (webhook endpoints, an account's own email
 * provider, later form redirects and SMS callbacks). By default: public addresses only, over TLS.
 * The operator's configuration may name exceptions — the local stack's and tests' own sinks — and
 * allow the providers that exist for tests; production configures neither. ADR 0009.
 */
export interface OutboundPolicy {
  /** `host:port` pairs (port `*` = any) exempt from the address rules and from TLS: local sinks. */
  readonly allow: readonly { host: string; port: number | "*" }[];
  /** Whether the fault-injecting provider and providers' `?endpoint=` overrides may be chosen. */
  readonly testProviders: boolean;
}

/** The policy with no exceptions: what production runs. */
export const STRICT_POLICY: OutboundPolicy = { allow: [], testProviders: false };

/** Names that never lead to a public host, whatever a resolver says. */
const LOCAL_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa|arpa)$/;

/**
 * Reads `OUTBOUND_ALLOW` (`127.0.0.1:1025, localhost:*, [::1]:8025`): throws naming the entry
 * that is not a `host:port`.
 */
export function parseAllowList(text: string): OutboundPolicy["allow"] {
  return text
    .split(/[\s,]+/)
    .filter((entry) => entry !== "")
    .map((entry) => {
      const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5}|\*)$/.exec(entry);
      const host = match?.[1] === undefined ? null : canonicalHost(match[1]);
      const port = match?.[2] === "*" ? "*" : Number(match?.[2]);
      if (!host || (port !== "*" && !(port >= 1 && port <= 65535))) {
        throw new Error(`"${entry}" is not host:port (the port may be *)`);
      }
      return { host, port };
    });
}

/** Whether the operator's configuration names this host and port as an exception. */
export function allowedByConfig(policy: OutboundPolicy, host: string, port: number): boolean {
  const canonical = canonicalHost(host);
  return policy.allow.some((rule) => rule.host === canonical && (rule.port === "*" || rule.port === port));
}

/**
 * Why the platform must not connect to this host, judged without DNS: an invalid host, a local
 * name, or an address in a special-purpose range in any of its spellings. Null: the host may be
 * public (a name must still resolve to public addresses only, see {@link connectionRefusal}).
 */
export function hostRefusal(policy: OutboundPolicy, host: string, port: number): string | null {
  if (allowedByConfig(policy, host, port)) return null;
  const canonical = canonicalHost(host);
  if (canonical === null) return `${host} is not a valid host`;
  const address = parseIpAddress(canonical);
  if (address) {
    const reserved = reservedRange(address);
    return reserved && `${host} is ${reserved}`;
  }
  if (LOCAL_NAMES.test(canonical)) return `${host} is a local name, not a public host`;
  if (!canonical.includes(".")) return `${host} is not a public host name (it has no domain)`;
  return null;
}
