import { loginThrottles } from "@edgepost/db";
import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { DomainError } from "../errors";

/** More than five sign-in attempts without success within a 15-minute window lock that email, or that IP. */
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60_000;

export function throttleKeys(email: string, ip: string | undefined): [string, ...string[]] {
  return [`email:${email.toLowerCase()}`, ...(ip ? [`ip:${ip}`] : [])];
}

/**
 * Counts this attempt against every key before the password is even checked — so attempts sent in
 * parallel cannot slip past the limit — and refuses with 429 once a key is over it.
 */
export async function reserveAttempt(ctx: Ctx, [first, ...rest]: [string, ...string[]]): Promise<void> {
  const now = ctx.now().getTime();
  const windowStart = now - WINDOW_MS;
  const stale = sql`${loginThrottles.windowStartedAt} <= ${windowStart}`;
  const count = (key: string) =>
    ctx.db
      .insert(loginThrottles)
      .values({ key, failures: 1, windowStartedAt: new Date(now) })
      .onConflictDoUpdate({
        target: loginThrottles.key,
        set: {
          failures: sql`case when ${stale} then 1 else ${loginThrottles.failures} + 1 end`,
          windowStartedAt: sql`case when ${stale} then ${now} else ${loginThrottles.windowStartedAt} end`,
        },
      })
      .returning({ failures: loginThrottles.failures, windowStartedAt: loginThrottles.windowStartedAt });
  const counted = (await ctx.db.batch([count(first), ...rest.map(count)])).flat();
  const over = counted.filter((row) => row.failures > MAX_FAILURES);
  if (over.length > 0) {
    const until = Math.max(...over.map((row) => row.windowStartedAt.getTime() + WINDOW_MS));
    throw new DomainError(
      "rate_limited",
      "Too many sign-in attempts; try again later.",
      (until - now) / 1000,
    );
  }
}

/** A successful sign-in: the email's count starts over, and the IP gets this attempt back. */
export async function releaseAttempt(ctx: Ctx, [email, ...ips]: [string, ...string[]]) {
  return [
    ctx.db.delete(loginThrottles).where(eq(loginThrottles.key, email)),
    ...ips.map((ip) =>
      ctx.db
        .update(loginThrottles)
        .set({ failures: sql`max(${loginThrottles.failures} - 1, 0)` })
        .where(eq(loginThrottles.key, ip)),
    ),
  ] as const;
}
