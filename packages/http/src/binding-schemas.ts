import { z } from "zod";

/** A binding is an object the runtime puts in `env`; one of its members tells which kind it is. */
function bindingWith(member: string) {
  return (value: unknown) => typeof value === "object" && value !== null && member in value;
}

/** A Queue producer binding: `queues.producers` in wrangler.jsonc. */
export const queueBinding = z.custom<Queue>(bindingWith("send"), "a Queue producer binding");

/** An R2 bucket binding: `r2_buckets` in wrangler.jsonc. */
export const r2BucketBinding = z.custom<R2Bucket>(
  bindingWith("createMultipartUpload"),
  "an R2 bucket binding",
);

/** A rate-limiting binding: `ratelimits` in wrangler.jsonc. */
export const rateLimitBinding = z.custom<RateLimit>(bindingWith("limit"), "a rate limiting binding");

/** A secret (`wrangler secret put`): a non-empty string, of at least `minLength` characters if given. */
export function secret({ minLength = 1 }: { minLength?: number } = {}) {
  return z.string().min(minLength, minLength > 1 ? `at least ${minLength} characters` : "a non-empty string");
}
