import { type Ctx, outboundEnv, type Principal } from "@edgepost/core";
import { databaseEnv } from "@edgepost/db";
import { queueBinding, r2BucketBinding, rateLimitBinding, secret } from "@edgepost/http";
import { z } from "zod";

/** DNS_RESOLVER, OUTBOUND_ALLOW and OUTBOUND_TEST_PROVIDERS: see `outboundEnv` (ADR 0009). */
export const envSchema = databaseEnv.extend(outboundEnv.shape).extend({
  RATE_LIMIT_FREE: rateLimitBinding,
  RATE_LIMIT_SUBSCRIPTION: rateLimitBinding,
  RATE_LIMIT_RESTRICTED: rateLimitBinding,
  RATE_LIMIT_AUTH: rateLimitBinding,
  DELIVERY_QUEUE: queueBinding,
  TRANSFERS_QUEUE: queueBinding,
  FILES: r2BucketBinding,
  /** Where links in emails point: this API's public origin, e.g. `https://api.edgepost.dev`. */
  PUBLIC_API_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")),
  /** The public worker's origin (unsubscribe, tracking): what a campaign's test message links to. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")),
  /** HMAC key for links in emails (verification, password reset). */
  SIGNING_SECRET: secret({ minLength: 32 }),
  /** SHA-256 (hex) of the operator API key; the key itself is never configured anywhere. */
  OPERATOR_KEY_HASH: z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 hex digest"),
});

type Env = z.infer<typeof envSchema>;

export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string; principal: Principal; ctx?: Ctx };
}
