import { authTokens, invitations, loginThrottles, sessions } from "@edgepost/db";
import { lte, or } from "drizzle-orm";
import { SESSION_MAX_AGE_MS } from "../auth/sessions";
import type { Ctx } from "../context";

const DAY = 86_400_000;

/** Clears what has expired: sessions, link tokens, sign-in counts and long-dead invitations. */
export async function pruneExpiredAuth({ ctx }: { ctx: Ctx }): Promise<Record<string, number>> {
  const now = ctx.now().getTime();
  const [s, t, l, i] = await ctx.db.batch([
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
  ]);
  return { sessions: s.length, authTokens: t.length, loginThrottles: l.length, invitations: i.length };
}
