import { problemResponse } from "@edgepost/http";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

/** Requests per minute, by tier; the same numbers as the `ratelimits` bindings in wrangler.jsonc. */
export const RATE_LIMITS = {
  free: { binding: "RATE_LIMIT_FREE", limit: 60 },
  subscription: { binding: "RATE_LIMIT_SUBSCRIPTION", limit: 600 },
  restricted: { binding: "RATE_LIMIT_RESTRICTED", limit: 10 },
  auth: { binding: "RATE_LIMIT_AUTH", limit: 30 },
} as const;
const WINDOW_SECONDS = 60;
/** The one bucket of every request without a client IP; no IP can be mistaken for it. */
const UNKNOWN_CLIENT = "ip:unknown";

/**
 * Counts every `/v1` call against its API key (or signed-in user) with the tier's rate-limiting
 * binding — Cloudflare's at the edge, Miniflare's locally — and answers 429 with `Retry-After` and
 * the IETF `RateLimit-Policy` / `RateLimit` headers once the limit is reached.
 */
export const rateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const { actor, rateLimit: tier = "free" } = c.get("principal");
  return (await limited(c, tier, actor)) ?? next();
});

/**
 * The public sign-up, sign-in, reset and invitation operations, per client IP (Cloudflare sets
 * `CF-Connecting-IP`). Requests without it (another Worker's, a test's) share one bucket, so
 * leaving the header out is no way around the limit.
 */
export const rateLimitByIp = createMiddleware<AppEnv>(async (c, next) => {
  const ip = c.req.header("cf-connecting-ip");
  return (await limited(c, "auth", ip ? `ip:${ip}` : UNKNOWN_CLIENT)) ?? next();
});

async function limited(c: Context<AppEnv>, tier: keyof typeof RATE_LIMITS, key: string) {
  const policy = RATE_LIMITS[tier];
  const policyHeader = `"${tier}";q=${policy.limit};w=${WINDOW_SECONDS}`;
  c.header("RateLimit-Policy", policyHeader);
  const { success } = await c.env[policy.binding].limit({ key });
  if (!success) {
    return problemResponse(
      {
        title: "Too many requests",
        status: 429,
        code: "rate_limited",
        detail: `More than ${policy.limit} requests a minute; slow down.`,
        requestId: c.get("requestId"),
      },
      {
        "retry-after": String(WINDOW_SECONDS),
        "ratelimit-policy": policyHeader,
        ratelimit: `"${tier}";r=0;t=${WINDOW_SECONDS}`,
      },
    );
  }
  return undefined;
}
