import { type Ctx, outboundEnv, type Principal } from "@edgepost/core";
import { databaseEnv } from "@edgepost/db";
import { z } from "zod";

const rateLimiter = z.custom<RateLimit>(
  (v) => typeof v === "object" && v !== null && "limit" in v,
  "a rate limiting binding",
);

/** DNS_RESOLVER, OUTBOUND_ALLOW and OUTBOUND_TEST_PROVIDERS: see `outboundEnv` (ADR 0009). */
export const envSchema = databaseEnv.extend(outboundEnv.shape).extend({
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
});

type Env = z.infer<typeof envSchema>;

export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string; principal: Principal; ctx?: Ctx };
}
