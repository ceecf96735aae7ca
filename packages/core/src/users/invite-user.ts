import { accounts, auditLog, invitations, messages, newId, users } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { signToken } from "../auth/signed-token";
import type { AccountCtx, AuthCtx } from "../context";
import { enqueue } from "../delivery/enqueue";
import { systemEmail } from "../delivery/system-email";
import { invitationEmail } from "../system-emails/invitation-email";
import { invitationForExistingLoginEmail } from "../system-emails/invitation-for-existing-login-email";
import { emailIs } from "./find-by-email";
import { assertSeatFree } from "./seats";

const INVITATION_TTL_MS = 7 * 86_400_000;

export const inviteUserInput = z.object({
  email: z.email().max(254),
  role: z.enum(["admin", "editor", "viewer"]),
});

/** Invites a person by email into the caller's account with a role, if a seat is free. */
export async function inviteUser({
  ctx,
  input,
}: {
  ctx: AccountCtx & Omit<AuthCtx, "ip" | "userAgent">;
  input: z.input<typeof inviteUserInput>;
}) {
  assertPermission(ctx, "users:manage");
  assertCanWrite(ctx);
  const data = inviteUserInput.parse(input);
  const { accountId, actor } = ctx.principal;
  const [account] = await ctx.db
    .select({ name: accounts.name })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  const now = ctx.now();
  const id = newId("inv");
  const expiresAt = now.getTime() + INVITATION_TTL_MS;
  const token = await signToken(ctx.signingSecret, { purpose: "invitation", subject: id, expiresAt });
  const link = `${ctx.linkBase}/v1/auth/accept-invitation?token=${token}`;
  // Whether the address already has a login is not for the inviter to learn: the answer is the
  // same, and only the email differs.
  const [existing] = await ctx.db.select({ id: users.id }).from(users).where(emailIs(data.email)).limit(1);
  const company = account?.name ?? "an account";
  const email = systemEmail(now, {
    accountId,
    to: data.email,
    content: existing ? invitationForExistingLoginEmail({ company }) : invitationEmail({ company, link }),
  });
  await ctx.db.transaction(async (tx) => {
    await assertSeatFree(tx, { accountId, now, forInvitation: true });
    await tx.insert(invitations).values({
      id,
      accountId,
      email: data.email,
      role: data.role,
      invitedBy: actor,
      expiresAt: new Date(expiresAt),
      createdAt: now,
    });
    await tx
      .insert(auditLog)
      .values({ id: newId("aud"), accountId, actor, action: "user.invited", target: id, createdAt: now });
    await tx.insert(messages).values(email.values);
  });
  await enqueue(ctx.delivery, email.queued);
  return { id, email: data.email, role: data.role, expiresAt: new Date(expiresAt) };
}
