import { accounts, sessions, users } from "@edgepost/db";
import { and, eq, gt, isNull, or } from "drizzle-orm";
import { accountView } from "../accounts/get-account";
import type { Ctx, Principal } from "../context";
import { DomainError } from "../errors";
import { SESSION_MAX_AGE_MS, SESSION_TOUCH_MS, SESSION_TTL_MS } from "./sessions";
import { sha256Hex } from "./sha256-hex";

/**
 * Resolves a session cookie to its user and account; expired, ended, too old and removed ones are
 * refused. A session used again after an hour is extended, 30 days from now, 90 from sign-in at most.
 */
export async function authenticateSession({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { token: string };
}): Promise<Principal & { renewedUntil?: Date }> {
  const now = ctx.now();
  const id = await sha256Hex(input.token);
  const [row] = await ctx.db
    .select({
      userId: sessions.userId,
      accountId: sessions.accountId,
      lastSeenAt: sessions.lastSeenAt,
      createdAt: sessions.createdAt,
      role: users.role,
      deletedAt: users.deletedAt,
      accountStatus: accounts.status,
      plan: accounts.plan,
      apiAccess: accounts.apiAccess,
      account: accountView,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(
      and(
        eq(sessions.id, id),
        gt(sessions.expiresAt, now),
        or(isNull(users.removeAt), gt(users.removeAt, now)),
      ),
    )
    .limit(1);
  if (!row || (row.accountStatus !== "active" && row.accountStatus !== "suspended")) {
    throw new DomainError("unauthorized", "Sign in again: the session has ended.");
  }
  let renewedUntil: Date | undefined;
  if (now.getTime() - row.lastSeenAt.getTime() >= SESSION_TOUCH_MS) {
    const cap = row.createdAt.getTime() + SESSION_MAX_AGE_MS;
    renewedUntil = new Date(Math.min(now.getTime() + SESSION_TTL_MS, cap));
    ctx.waitUntil(
      ctx.db.update(sessions).set({ lastSeenAt: now, expiresAt: renewedUntil }).where(eq(sessions.id, id)),
    );
  }
  if (row.apiAccess === "blocked") {
    throw new DomainError("forbidden", "The operator has blocked API access for this account.");
  }
  return {
    accountId: row.accountId,
    accountStatus: row.accountStatus,
    actor: row.userId,
    // A deleted user keeps access until removed, but only to read: they manage nothing any more.
    role: row.deletedAt ? "viewer" : row.role,
    scopes: [],
    rateLimit: row.apiAccess === "restricted" ? "restricted" : row.plan,
    account: row.account,
    // The cookie must be renewed with the session, or the browser drops it at the old expiry.
    ...(renewedUntil ? { renewedUntil } : {}),
  };
}
