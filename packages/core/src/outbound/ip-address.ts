/**
 * IP addresses as the platform compares them: a host is read the way a URL parser (and so every
 * fetch and socket) reads it, whatever its spelling — `127.1`, `2130706433`, `0x7f.0.0.1`,
 * `[::ffff:7f00:1]`, `[0:0::1]` — and every address is placed in the special-purpose ranges of
 * the IANA registries (RFC 6890 and successors).
 */
export type IpAddress = { version: 4; bytes: Uint8Array } | { version: 6; bytes: Uint8Array };

/**
 * The canonical form of a host (lower case, IDNA-encoded, IPv4 in dotted decimal, IPv6 in
 * brackets, compressed), as WHATWG URL parsing gives it; null if it is not a valid host.
 */
export function canonicalHost(host: string): string | null {
  const text = host.trim();
  if (text === "" || /[/\\@?#\s]/.test(text)) return null;
  const bracketed = text.startsWith("[") ? text : text.includes(":") ? `[${text}]` : text;
  if (!bracketed.startsWith("[") && bracketed.includes(":")) return null;
  try {
    const url = new URL(`http://${bracketed}/`);
    if (url.port !== "" || url.username !== "" || url.pathname !== "/") return null;
    return url.hostname.replace(/\.$/, "");
  } catch {
    return null;
  }
}

/**
 * The address a canonical host (see {@link canonicalHost}) names, or null when it is a name. The
 * canonical form has IPv4 in dotted decimal and IPv6 in hex groups only, so nothing else is read.
 */
export function parseIpAddress(canonical: string): IpAddress | null {
  if (canonical.startsWith("[")) return parseIpv6(canonical.slice(1, -1));
  const parts = canonical.split(".");
  if (parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part))) {
    const bytes = Uint8Array.from(parts.map(Number));
    if (bytes.every((byte, i) => String(byte) === parts[i])) return { version: 4, bytes };
  }
  return null;
}

function parseIpv6(text: string): IpAddress | null {
  if (text.includes("%")) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === "") return [];
    const pieces = half.split(":");
    return pieces.every((piece) => /^[0-9a-f]{1,4}$/i.test(piece))
      ? pieces.map((piece) => Number.parseInt(piece, 16))
      : null;
  };
  const head = groups(halves[0] ?? "");
  const tail = halves.length === 2 ? groups(halves[1] ?? "") : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return { version: 6, bytes };
}

interface Range {
  prefix: number[];
  bits: number;
  name: string;
}

const range = (prefix: number[], bits: number, name: string): Range => ({ prefix, bits, name });

const V4_RANGES: Range[] = [
  range([0], 8, "a 'this network' address (0.0.0.0/8)"),
  range([10], 8, "a private address (10.0.0.0/8)"),
  range([100, 64], 10, "a shared (carrier-grade NAT) address (100.64.0.0/10)"),
  range([127], 8, "a loopback address (127.0.0.0/8)"),
  range([169, 254], 16, "a link-local address (169.254.0.0/16, cloud metadata among them)"),
  range([172, 16], 12, "a private address (172.16.0.0/12)"),
  range([192, 0, 0], 24, "an IETF protocol address (192.0.0.0/24)"),
  range([192, 0, 2], 24, "a documentation address (192.0.2.0/24)"),
  range([192, 88, 99], 24, "a 6to4 relay address (192.88.99.0/24)"),
  range([192, 168], 16, "a private address (192.168.0.0/16)"),
  range([198, 18], 15, "a benchmarking address (198.18.0.0/15)"),
  range([198, 51, 100], 24, "a documentation address (198.51.100.0/24)"),
  range([203, 0, 113], 24, "a documentation address (203.0.113.0/24)"),
  range([224], 4, "a multicast address (224.0.0.0/4)"),
  range([240], 4, "a reserved address (240.0.0.0/4)"),
];

/** Inside 2000::/3, the only IPv6 space that is global unicast, these are still not public. */
const V6_RANGES: Range[] = [
  range([0x20, 0x01, 0x0d, 0xb8], 32, "a documentation address (2001:db8::/32)"),
  range([0x20, 0x01], 23, "an IETF protocol address (2001::/23, Teredo among them)"),
  range([0x20, 0x02], 16, "a 6to4 address (2002::/16)"),
  range([0x3f, 0xff], 20, "a documentation address (3fff::/20)"),
];

function within(bytes: Uint8Array, { prefix, bits }: Range): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((prefix[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((byte, i) => bytes[i] === byte);

/**
 * Why an address is not a public one (loopback, private, link-local, …), or null for a public
 * unicast address. IPv4 carried in IPv6 (mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`) is
 * judged as the IPv4 address it carries; any other IPv6 outside 2000::/3 is not public.
 */
export function reservedRange(address: IpAddress): string | null {
  const { bytes } = address;
  if (address.version === 4) return V4_RANGES.find((r) => within(bytes, r))?.name ?? null;
  const mapped = startsWith(bytes, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);
  const nat64 = startsWith(bytes, [0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]);
  if (mapped || nat64) {
    const inner = reservedRange({ version: 4, bytes: bytes.slice(12) });
    return inner && `${inner}, carried in IPv6`;
  }
  if ((bytes[0] ?? 0) >> 5 !== 0b001) {
    if (bytes.every((b, i) => b === (i === 15 ? 1 : 0))) return "the IPv6 loopback address (::1)";
    if (bytes.every((b) => b === 0)) return "the unspecified IPv6 address (::)";
    if (bytes[0] === 0xfe && ((bytes[1] ?? 0) & 0xc0) === 0x80)
      return "an IPv6 link-local address (fe80::/10)";
    if (((bytes[0] ?? 0) & 0xfe) === 0xfc) return "an IPv6 unique local address (fc00::/7)";
    if (bytes[0] === 0xff) return "an IPv6 multicast address (ff00::/8)";
    return "an IPv6 address outside the global unicast space (2000::/3)";
  }
  return V6_RANGES.find((r) => within(bytes, r))?.name ?? null;
}
