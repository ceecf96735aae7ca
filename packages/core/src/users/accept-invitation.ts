import { accounts, auditLog, invitations, newId, users } from "@edgepost/db";
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { line } from "../accounts/create-account";
import { hashPassword } from "../auth/password";
import { verifyToken } from "../auth/signed-token";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { emailIs } from "./find-by-email";
import { assertSeatFree } from "./seats";

export const acceptInvitationInput = z.object({
  token: z.string().min(1).max(2048),
  name: line(200),
  password: z.string().min(10, "at least 10 characters").max(256),
});

/** Turns an invitation into a user of the account; the link proves the address. Works once. */
export async function acceptInvitation({
  ctx,
  input,
}: {
  ctx: Ctx & { signingSecret: string };
  input: z.input<typeof acceptInvitationInput>;
}) {
  const data = acceptInvitationInput.parse(input);
  const now = ctx.now();
  const invalid = new DomainError(
    "invalid_input",
    "This invitation is invalid, expired, revoked or already used.",
  );
  const verified = await verifyToken(ctx.signingSecret, data.token, {
    purpose: "invitation",
    now: now.getTime(),
  });
  if (!verified.ok) throw invalid;
  const open = and(
    eq(invitations.id, verified.subject),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    gt(invitations.expiresAt, now),
  );
  const [invitation] = await ctx.db.select().from(invitations).where(open);
  if (!invitation) throw invalid;
  const [login] = await ctx.db.select({ id: users.id }).from(users).where(emailIs(invitation.email));
  if (login) throw new DomainError("conflict", "This address already has an Edgepost login.");
  const [account] = await ctx.db
    .select({ status: accounts.status })
    .from(accounts)
    .where(eq(accounts.id, invitation.accountId));
  if (account?.status === "suspended") {
    throw new DomainError("account_suspended", "This account is suspended: it cannot take new users now.");
  }
  if (account?.status !== "active") throw invalid;
  const passwordHash = await hashPassword(data.password);
  const userId = newId("usr");
  await ctx.db.transaction(async (tx) => {
    await assertSeatFree(tx, { accountId: invitation.accountId, now, forInvitation: false });
    const taken = await tx
      .update(invitations)
      .set({ acceptedAt: now })
      .where(open)
      .returning({ id: invitations.id });
    if (taken.length === 0) throw invalid;
    await tx.insert(users).values({
      id: userId,
      accountId: invitation.accountId,
      email: invitation.email,
      name: data.name,
      role: invitation.role,
      passwordHash,
      emailVerifiedAt: now,
      createdAt: now,
    });
    await tx.insert(auditLog).values({
      id: newId("aud"),
      accountId: invitation.accountId,
      actor: userId,
      action: "user.joined",
      target: invitation.id,
      createdAt: now,
    });
  });
  return { userId, accountId: invitation.accountId, email: invitation.email, role: invitation.role };
}
