import { accounts, auditLog, newId, sessions, users } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { AuthCtx } from "../context";
import { DomainError } from "../errors";
import { emailIs } from "../users/find-by-email";
import { releaseAttempt, reserveAttempt, throttleKeys } from "./login-throttle";
import { hashPassword, verifyPassword } from "./password";
import { newSession } from "./sessions";
import { sha256Hex } from "./sha256-hex";

export const signInInput = z.object({
  email: z.email().max(254),
  password: z.string().min(1).max(256),
});

/**
 * Compared against when the email is unknown, so an unknown address takes as long as a wrong
 * password. The hash of a random, forgotten password; a constant, so no promise is shared between
 * requests (workerd forbids that).
 */
export const DECOY_HASH =
  "pbkdf2-sha256$100000$mgH+qInSZpgexNKrJUgWMQ==$csgB0YfB1F4pwcBCDiyC2xJsbPf1rRMziYPXTm59+a0=";

/**
 * Signs a user in with email and password and opens a new session (a fresh token at every sign-in;
 * the session the browser came with, if any, is ended). Every attempt counts towards the per-email
 * and per-IP lock until it succeeds; failures all read the same, whether the address exists or not.
 */
export async function signIn({
  ctx,
  input,
}: {
  ctx: AuthCtx & { previousSessionToken?: string | undefined };
  input: z.input<typeof signInInput>;
}) {
  const data = signInInput.parse(input);
  const keys = throttleKeys(data.email, ctx.ip);
  await reserveAttempt(ctx, keys);
  const [user] = await ctx.db
    .select({
      id: users.id,
      accountId: users.accountId,
      passwordHash: users.passwordHash,
      emailVerifiedAt: users.emailVerifiedAt,
      removeAt: users.removeAt,
      accountStatus: accounts.status,
    })
    .from(users)
    .innerJoin(accounts, eq(accounts.id, users.accountId))
    .where(emailIs(data.email))
    .limit(1);
  const check = await verifyPassword(data.password, user?.passwordHash ?? DECOY_HASH);
  const now = ctx.now();
  const removed = user?.removeAt !== null && user?.removeAt !== undefined && user.removeAt <= now;
  if (!user || !check.ok || removed) {
    throw new DomainError("unauthorized", "The email or the password is wrong.");
  }
  if (user.accountStatus === "closed" || user.accountStatus === "deactivated") {
    throw new DomainError("unauthorized", `The account is ${user.accountStatus}.`);
  }
  if (!user.emailVerifiedAt) {
    throw new DomainError("forbidden", "Confirm your email address first: follow the link we emailed you.");
  }

  const session = await newSession(ctx, {
    userId: user.id,
    accountId: user.accountId,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  const previous = ctx.previousSessionToken ? await sha256Hex(ctx.previousSessionToken) : undefined;
  await ctx.db.batch([
    session.insert,
    ...(await releaseAttempt(ctx, keys)),
    ctx.db
      .update(users)
      .set({
        lastLoginAt: now,
        ...(check.needsRehash ? { passwordHash: await hashPassword(data.password) } : {}),
      })
      .where(eq(users.id, user.id)),
    ctx.db.update(accounts).set({ lastLoginAt: now }).where(eq(accounts.id, user.accountId)),
    ctx.db.delete(sessions).where(eq(sessions.id, previous ?? "")),
    ctx.db.insert(auditLog).values({
      id: newId("aud"),
      accountId: user.accountId,
      actor: user.id,
      action: "user.signed_in",
      target: user.id,
      ip: ctx.ip,
      createdAt: now,
    }),
  ]);
  return { token: session.token, expiresAt: session.expiresAt, userId: user.id, accountId: user.accountId };
}
