import type { Ctx, Principal } from "@edgepost/core";
import { databaseEnv } from "@edgepost/db";
import { z } from "zod";

/** Where sender-domain verification looks DNS up: `doh`, `doh:<URL>` or `static:<JSON map>`. */
export type DnsResolverConfig =
  | { kind: "doh"; endpoint?: string }
  | { kind: "static"; records: Record<string, string[]> };

const staticRecords = z.record(z.string().min(1), z.array(z.string()));
const DNS_RESOLVER_FORMS =
  '"doh", "doh:<DoH JSON endpoint URL>" or "static:<JSON object of name to TXT strings>"';

const dnsResolver = z
  .string()
  .default("doh")
  .transform((value, ctx): DnsResolverConfig => {
    if (value === "doh") return { kind: "doh" };
    if (value.startsWith("doh:")) {
      const endpoint = z.url({ protocol: /^https?$/ }).safeParse(value.slice(4));
      if (endpoint.success) return { kind: "doh", endpoint: endpoint.data };
    } else if (value.startsWith("static:")) {
      let json: unknown;
      try {
        json = JSON.parse(value.slice(7));
      } catch {
        json = undefined;
      }
      const records = staticRecords.safeParse(json);
      if (records.success) return { kind: "static", records: records.data };
    }
    ctx.addIssue({ code: "custom", message: DNS_RESOLVER_FORMS, input: value });
    return z.NEVER;
  });

const rateLimiter = z.custom<RateLimit>(
  (v) => typeof v === "object" && v !== null && "limit" in v,
  "a rate limiting binding",
);

export const envSchema = databaseEnv.extend({
  RATE_LIMIT_FREE: rateLimiter,
  RATE_LIMIT_SUBSCRIPTION: rateLimiter,
  RATE_LIMIT_RESTRICTED: rateLimiter,
  RATE_LIMIT_AUTH: rateLimiter,
  DELIVERY_QUEUE: z.custom<Queue>(
    (v) => typeof v === "object" && v !== null && "send" in v,
    "a Queue producer binding",
  ),
  TRANSFERS_QUEUE: z.custom<Queue>(
    (v) => typeof v === "object" && v !== null && "send" in v,
    "a Queue producer binding",
  ),
  FILES: z.custom<R2Bucket>(
    (v) => typeof v === "object" && v !== null && "createMultipartUpload" in v,
    "an R2 bucket binding",
  ),
  /** Where links in emails point: this API's public origin, e.g. `https://api.edgepost.dev`. */
  PUBLIC_API_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")),
  /** HMAC key for links in emails (verification, password reset). */
  SIGNING_SECRET: z.string().min(32, "at least 32 characters"),
  /** SHA-256 (hex) of the operator API key; the key itself is never configured anywhere. */
  OPERATOR_KEY_HASH: z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 hex digest"),
  /**
   * The DNS that sender domains are verified against: `doh` (default, production: Cloudflare's
   * DNS-over-HTTPS), `doh:<URL>` (another DoH JSON endpoint), or `static:{"name":["TXT", …]}`
   * (fixed records, for the local stack and tests).
   */
  DNS_RESOLVER: dnsResolver,
});

type Env = z.infer<typeof envSchema>;

export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string; principal: Principal; ctx?: Ctx };
}
