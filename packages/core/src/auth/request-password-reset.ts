import { authTokens, newId, users } from "@edgepost/db";
import { z } from "zod";
import type { AuthCtx } from "../context";
import { enqueue } from "../delivery/enqueue";
import { systemEmail } from "../delivery/system-email";
import { passwordResetEmail } from "../system-emails/password-reset-email";
import { emailIs } from "../users/find-by-email";
import { insertIfMessage, insertOpenEmail } from "./open-email";
import { signToken } from "./signed-token";

const RESET_TTL_MS = 3_600_000;

export const requestPasswordResetInput = z.object({ email: z.email().max(254) });

/**
 * Emails a one-hour reset link if the address has a login and has not had `OPEN_EMAILS_PER_HOUR`
 * of them in the last hour; answers the same, as fast, in every case.
 */
export async function requestPasswordReset({
  ctx,
  input,
}: {
  ctx: AuthCtx;
  input: z.input<typeof requestPasswordResetInput>;
}) {
  const { email } = requestPasswordResetInput.parse(input);
  const [user] = await ctx.db
    .select({ id: users.id, accountId: users.accountId, email: users.email })
    .from(users)
    .where(emailIs(email))
    .limit(1);
  // The answer must not tell whether the address has a login, not even by taking longer: the
  // link is made and queued after the response.
  if (user) ctx.waitUntil(sendResetLink(ctx, user));
  return { status: "reset_sent" as const };
}

async function sendResetLink(ctx: AuthCtx, user: { id: string; accountId: string; email: string }) {
  const tokenId = newId("tok");
  const expiresAt = ctx.now().getTime() + RESET_TTL_MS;
  const token = await signToken(ctx.signingSecret, {
    purpose: "reset_password",
    subject: tokenId,
    expiresAt,
  });
  const link = `${ctx.linkBase}/v1/auth/password-reset?token=${token}`;
  const message = systemEmail(ctx.now(), {
    accountId: user.accountId,
    to: user.email,
    content: passwordResetEmail({ link, token }),
  });
  // The link's record is written only with its email, so a capped request leaves nothing behind.
  const [written] = await ctx.db.batch([
    insertOpenEmail(ctx.db, "password_reset", message.values),
    insertIfMessage(
      ctx.db,
      authTokens,
      {
        id: tokenId,
        accountId: user.accountId,
        userId: user.id,
        purpose: "reset_password",
        expiresAt: new Date(expiresAt),
        createdAt: ctx.now(),
      },
      message.id,
    ),
  ]);
  if (written.length > 0) await enqueue(ctx.delivery, message.queued);
}
