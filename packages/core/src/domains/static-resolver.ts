import { type DnsResolver, normalizeDnsName } from "./dns-resolver";

type Records = Readonly<Record<string, readonly string[]>>;

function byName(records: Records): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [name, values] of Object.entries(records)) {
    const key = normalizeDnsName(name);
    map.set(key, [...(map.get(key) ?? []), ...values]);
  }
  return map;
}

/**
 * A {@link DnsResolver} answering from fixed maps of name → TXT records and name → addresses, for
 * the local stack and tests: `staticResolver({ "_edgepost.demo.test": ["edgepost-verification=…"] },
 * { "hooks.example.com": ["93.184.216.34"] })`. Names are matched without regard to case or a
 * trailing dot; a name not in a map has no records.
 */
export function staticResolver(txt: Records, addresses: Records = {}): DnsResolver {
  const texts = byName(txt);
  const ips = byName(addresses);
  return {
    txt: async (name) => [...(texts.get(normalizeDnsName(name)) ?? [])],
    addresses: async (name) => [...(ips.get(normalizeDnsName(name)) ?? [])],
  };
}
