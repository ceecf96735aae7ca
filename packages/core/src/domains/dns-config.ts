import { z } from "zod";
import type { DnsResolver } from "./dns-resolver";
import { dohResolver } from "./doh-resolver";
import { staticResolver } from "./static-resolver";

const records = z.record(z.string().min(1), z.array(z.string()));
const staticRecords = z.strictObject({ txt: records.default({}), addresses: records.default({}) });
const FORMS =
  '"doh", "doh:<DoH JSON endpoint URL>" or "static:{"txt":{name:[TXT strings]},"addresses":{name:[IPs]}}"';

/**
 * `DNS_RESOLVER`, the DNS every worker looks names up in (sender-domain records, the addresses of
 * hosts customers chose): `doh` (default, production: Cloudflare's DNS-over-HTTPS), `doh:<URL>`
 * (another DoH JSON endpoint), or `static:{"txt":{…},"addresses":{…}}` (fixed records, for the
 * local stack and tests).
 */
export const dnsResolverConfig = z
  .string()
  .default("doh")
  .transform((value, ctx): DnsResolver => {
    if (value === "doh") return dohResolver();
    if (value.startsWith("doh:")) {
      const endpoint = z.url({ protocol: /^https?$/ }).safeParse(value.slice(4));
      if (endpoint.success) return dohResolver({ endpoint: endpoint.data });
    } else if (value.startsWith("static:")) {
      let json: unknown;
      try {
        json = JSON.parse(value.slice(7));
      } catch {
        json = undefined;
      }
      const parsed = staticRecords.safeParse(json);
      if (parsed.success) return staticResolver(parsed.data.txt, parsed.data.addresses);
    }
    ctx.addIssue({ code: "custom", message: FORMS, input: value });
    return z.NEVER;
  });
