import { authTokens, idempotencyKeys, invitations, loginThrottles, sessions } from "@edgepost/db";
import { lte, or } from "drizzle-orm";
import { SESSION_MAX_AGE_MS } from "../auth/sessions";
import type { Ctx } from "../context";
import type { JobResult } from "./job";

const DAY = 86_400_000;

/** Clears what has expired: sessions, link tokens, sign-in counts, long-dead invitations, idempotency keys. */
export async function pruneExpiredAuth({ ctx }: { ctx: Ctx }): Promise<JobResult> {
  const now = ctx.now().getTime();
  const [s, t, l, i, k] = await ctx.db.batch([
    ctx.db
      .delete(sessions)
      .where(
        or(
          lte(sessions.expiresAt, new Date(now)),
          lte(sessions.createdAt, new Date(now - SESSION_MAX_AGE_MS)),
        ),
      )
      .returning({ id: sessions.id }),
    ctx.db
      .delete(authTokens)
      .where(lte(authTokens.expiresAt, new Date(now - DAY)))
      .returning({ id: authTokens.id }),
    ctx.db
      .delete(loginThrottles)
      .where(lte(loginThrottles.windowStartedAt, new Date(now - 15 * 60_000)))
      .returning({ key: loginThrottles.key }),
    ctx.db
      .delete(invitations)
      .where(lte(invitations.expiresAt, new Date(now - 30 * DAY)))
      .returning({ id: invitations.id }),
    ctx.db
      .delete(idempotencyKeys)
      .where(lte(idempotencyKeys.expiresAt, new Date(now)))
      .returning({ key: idempotencyKeys.key }),
  ]);
  const detail = {
    sessions: s.length,
    authTokens: t.length,
    loginThrottles: l.length,
    invitations: i.length,
    idempotencyKeys: k.length,
  };
  const changed = Object.values(detail).reduce((sum, n) => sum + n, 0);
  return { examined: changed, changed, cursor: null, done: true, detail };
}
