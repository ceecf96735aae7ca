import { smtpCredentials } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { USERNAME_SHAPE } from "./credential-material";

export const recordSmtpSendInput = z.object({ username: z.string().regex(USERNAME_SHAPE) });

/**
 * For the SMTP relay: a message was sent with this credential, so its inactivity starts again
 * (`lastSentAt` = now). Only an active credential sends: a disabled one (reactivate it) or a
 * deactivated one is refused with `forbidden`, an unknown user name with `unauthorized`.
 */
export async function recordSmtpSend({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof recordSmtpSendInput>;
}): Promise<{ id: string; accountId: string; lastSentAt: Date }> {
  const parsed = recordSmtpSendInput.safeParse(input);
  if (!parsed.success) throw new DomainError("unauthorized", "Unknown SMTP user name.");
  const { username } = parsed.data;
  const now = ctx.now();
  const [recorded] = await ctx.db
    .update(smtpCredentials)
    .set({ lastSentAt: now })
    .where(and(eq(smtpCredentials.username, username), eq(smtpCredentials.status, "active")))
    .returning({ id: smtpCredentials.id, accountId: smtpCredentials.accountId });
  if (recorded) return { ...recorded, lastSentAt: now };
  const [credential] = await ctx.db
    .select({ status: smtpCredentials.status })
    .from(smtpCredentials)
    .where(eq(smtpCredentials.username, username));
  if (!credential) throw new DomainError("unauthorized", "Unknown SMTP user name.");
  throw new DomainError(
    "forbidden",
    credential.status === "disabled"
      ? "This SMTP credential is disabled after 30 days without a send: reactivate it first."
      : "This SMTP credential is deactivated after 180 days without a send: create a new one.",
  );
}
