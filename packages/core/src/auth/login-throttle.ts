import { loginThrottles } from "@edgepost/db";
import { inArray, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { DomainError } from "../errors";

/** Five failed sign-ins within 15 minutes lock that email, or that IP, for 15 minutes. */
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;

export function throttleKeys(email: string, ip: string | undefined): [string, ...string[]] {
  return [`email:${email.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
}

/** Refuses with 429 and the time left while any of the keys is locked. */
export async function assertNotLocked(ctx: Ctx, keys: string[]): Promise<void> {
  const now = ctx.now().getTime();
  const rows = await ctx.db
    .select({ lockedUntil: loginThrottles.lockedUntil })
    .from(loginThrottles)
    .where(inArray(loginThrottles.key, keys));
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil?.getTime() ?? 0));
  if (until > now) {
    throw new DomainError("rate_limited", "Too many failed sign-ins; try again later.", (until - now) / 1000);
  }
}

/** Counts one failure against each key, in one statement each, and locks a key at the limit. */
export async function recordFailure(ctx: Ctx, [first, ...rest]: [string, ...string[]]): Promise<void> {
  const now = ctx.now().getTime();
  const windowStart = now - WINDOW_MS;
  const lockUntil = now + WINDOW_MS;
  const count = (key: string) =>
    ctx.db
      .insert(loginThrottles)
      .values({ key, failures: 1, windowStartedAt: new Date(now) })
      .onConflictDoUpdate({
        target: loginThrottles.key,
        set: {
          failures: sql`case when ${loginThrottles.windowStartedAt} < ${windowStart} then 1 else ${loginThrottles.failures} + 1 end`,
          windowStartedAt: sql`case when ${loginThrottles.windowStartedAt} < ${windowStart} then ${now} else ${loginThrottles.windowStartedAt} end`,
          lockedUntil: sql`case when ${loginThrottles.windowStartedAt} >= ${windowStart} and ${loginThrottles.failures} + 1 >= ${MAX_FAILURES} then ${lockUntil} else ${loginThrottles.lockedUntil} end`,
        },
      });
  await ctx.db.batch([count(first), ...rest.map(count)]);
}
