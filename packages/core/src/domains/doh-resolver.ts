import { z } from "zod";
import { type DnsResolver, DnsUnavailable, normalizeDnsName } from "./dns-resolver";

/** Cloudflare's public resolver, DNS-over-HTTPS with JSON answers. */
export const DEFAULT_DOH_URL = "https://cloudflare-dns.com/dns-query";

const TXT = 16;
const A = 1;
const AAAA = 28;
const NOERROR = 0;
/** The one response code that says the resolver failed rather than the name having no records. */
const SERVFAIL = 2;

/** The parts of the JSON answer format (`application/dns-json`) that a TXT lookup reads. */
const dnsJson = z.object({
  Status: z.number().int(),
  Answer: z.array(z.object({ type: z.number().int(), data: z.string() })).optional(),
});

/**
 * A TXT record's `data` as DoH JSON servers write it: its character-strings in zone-file form
 * (`"v=DKIM1; k=rsa; p=MIIB…" "…rest"`, with `\"`, `\\` and `\DDD` escapes), joined into one
 * string. Servers that write the text unquoted (some do) have it returned as is.
 */
export function joinTxtData(data: string): string {
  const text = data.trim();
  if (!text.startsWith('"')) return text;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let inside = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === '"') {
      inside = !inside;
      continue;
    }
    if (!inside) continue; // the whitespace between strings
    if (ch === "\\") {
      const digits = /^\d{3}/.exec(text.slice(i + 1))?.[0];
      if (digits) {
        bytes.push(Number(digits) & 0xff);
        i += 3;
      } else if (i + 1 < text.length) {
        i += 1;
        bytes.push(...encoder.encode(text.charAt(i)));
      }
      continue;
    }
    // Characters outside the BMP are two UTF-16 units: encode the code point once.
    const codePoint = text.codePointAt(i) ?? 0;
    if (codePoint > 0xffff) i += 1;
    bytes.push(...encoder.encode(String.fromCodePoint(codePoint)));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/**
 * A {@link DnsResolver} over DNS-over-HTTPS, JSON flavour (`GET <endpoint>?name=…&type=TXT` with
 * `accept: application/dns-json`), as Cloudflare (`https://cloudflare-dns.com/dns-query`) and
 * Google (`https://dns.google/resolve`) serve it. NXDOMAIN and other answers without records are
 * `[]`; SERVFAIL, HTTP errors, unreadable answers, network errors and timeouts throw
 * {@link DnsUnavailable}. Addresses are the A and AAAA records at the end of any CNAME chain (the
 * server follows it and lists them in the same answer).
 */
export function dohResolver(
  options: { endpoint?: string; timeoutMs?: number; fetch?: typeof fetch } = {},
): DnsResolver {
  const endpoint = options.endpoint ?? DEFAULT_DOH_URL;
  const timeoutMs = options.timeoutMs ?? 5000;
  const fetcher = options.fetch ?? ((input, init) => fetch(input, init));

  async function lookup(name: string, type: "TXT" | "A" | "AAAA"): Promise<{ type: number; data: string }[]> {
    const url = new URL(endpoint);
    url.searchParams.set("name", normalizeDnsName(name));
    url.searchParams.set("type", type);
    let text: string;
    try {
      const res = await fetcher(url.toString(), {
        headers: { accept: "application/dns-json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) {
        await res.body?.cancel();
        throw new DnsUnavailable(`The DNS resolver answered HTTP ${res.status}.`);
      }
      text = await res.text();
    } catch (error) {
      if (error instanceof DnsUnavailable) throw error;
      const timedOut =
        error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new DnsUnavailable(
        timedOut
          ? `The DNS resolver did not answer within ${timeoutMs} ms.`
          : "The DNS resolver could not be reached.",
        { cause: error },
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const answer = dnsJson.safeParse(body);
    if (!answer.success) throw new DnsUnavailable("The DNS resolver's answer is not DNS JSON.");
    if (answer.data.Status === SERVFAIL) throw new DnsUnavailable("The DNS resolver failed (SERVFAIL).");
    if (answer.data.Status !== NOERROR) return [];
    return answer.data.Answer ?? [];
  }

  return {
    async txt(name) {
      const records = await lookup(name, "TXT");
      return records.filter((record) => record.type === TXT).map((r) => joinTxtData(r.data));
    },
    async addresses(name) {
      const [v4, v6] = await Promise.all([lookup(name, "A"), lookup(name, "AAAA")]);
      return [...v4, ...v6].filter((r) => r.type === A || r.type === AAAA).map((r) => r.data.trim());
    },
  };
}
