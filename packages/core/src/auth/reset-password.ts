import { auditLog, authTokens, messages, newId, sessions, users } from "@edgepost/db";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { AuthCtx } from "../context";
import { enqueue } from "../delivery/enqueue";
import { systemEmail } from "../delivery/system-email";
import { DomainError } from "../errors";
import { passwordChangedEmail } from "../system-emails/password-changed-email";
import { checkLink, useLink } from "./consume-link";
import { hashPassword } from "./password";

export const resetPasswordInput = z.object({
  token: z.string().min(1).max(2048),
  password: z.string().min(10, "at least 10 characters").max(256),
});

/**
 * Sets a new password from a reset link. Every session of that user ends, and the user is told by
 * email. The link works once; a reset also proves the address, so it counts as verified.
 */
export async function resetPassword({
  ctx,
  input,
}: {
  ctx: AuthCtx;
  input: z.input<typeof resetPasswordInput>;
}) {
  const data = resetPasswordInput.parse(input);
  const link = await checkLink(ctx, data.token, "reset_password");
  const passwordHash = await hashPassword(data.password);
  const now = ctx.now();
  const notice = await ctx.db.transaction(async (tx) => {
    const used = await useLink(tx, link.id, now);
    if (used.length === 0)
      throw new DomainError("invalid_input", "This link is invalid, expired or already used.");
    const [user] = await tx
      .update(users)
      .set({ passwordHash, emailVerifiedAt: now })
      .where(eq(users.id, link.userId))
      .returning({ email: users.email });
    await tx.delete(sessions).where(eq(sessions.userId, link.userId));
    // Any other reset link of this user dies with this one.
    await tx
      .update(authTokens)
      .set({ usedAt: now })
      .where(
        and(
          eq(authTokens.userId, link.userId),
          eq(authTokens.purpose, "reset_password"),
          isNull(authTokens.usedAt),
        ),
      );
    await tx.insert(auditLog).values({
      id: newId("aud"),
      accountId: link.accountId,
      actor: link.userId,
      action: "user.password_reset",
      target: link.userId,
      ip: ctx.ip,
      createdAt: now,
    });
    if (!user) return undefined;
    const email = systemEmail(now, {
      accountId: link.accountId,
      to: user.email,
      content: passwordChangedEmail(),
    });
    await tx.insert(messages).values(email.values);
    return email.queued;
  });
  if (notice) await enqueue(ctx.delivery, notice);
  return { status: "password_changed" as const };
}
