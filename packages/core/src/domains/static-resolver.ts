import { type DnsResolver, normalizeDnsName } from "./dns-resolver";

/**
 * A {@link DnsResolver} answering from a fixed map of name → TXT records, for the local stack and
 * tests: `staticResolver({ "_edgepost.demo.test": ["edgepost-verification=…"] })`. Names are
 * matched without regard to case or a trailing dot; a name not in the map has no records.
 */
export function staticResolver(records: Readonly<Record<string, readonly string[]>>): DnsResolver {
  const byName = new Map<string, string[]>();
  for (const [name, values] of Object.entries(records)) {
    const key = normalizeDnsName(name);
    byName.set(key, [...(byName.get(key) ?? []), ...values]);
  }
  return { txt: async (name) => [...(byName.get(normalizeDnsName(name)) ?? [])] };
}
