import { messages } from "@edgepost/db";
import type { EmailAddress, EmailProvider } from "@edgepost/messaging/port";
import { and, eq, lt, or, sql } from "drizzle-orm";
import type { Ctx } from "../context";

/** A claim older than this is taken to be from a delivery that died mid-send, and is taken over. */
export const CLAIM_TIMEOUT_MS = 10 * 60_000;

export type DeliveryOutcome =
  | { outcome: "sent"; providerMessageId: string }
  | { outcome: "already_done" }
  | { outcome: "retry"; reason: string }
  | { outcome: "failed"; reason: string };

/**
 * Sends one queued email. The message is claimed first, so a queue redelivery while it is being
 * sent, or after it was sent, sends nothing; a retryable failure releases the claim for the retry,
 * a permanent one is recorded.
 */
export async function deliverEmail({
  ctx,
  input,
}: {
  ctx: Ctx & { email: EmailProvider; from: EmailAddress };
  input: { accountId: string; messageId: string };
}): Promise<DeliveryOutcome> {
  const now = ctx.now();
  const ours = and(eq(messages.id, input.messageId), eq(messages.accountId, input.accountId));
  const [claimed] = await ctx.db
    .update(messages)
    .set({ status: "sending", claimedAt: now, attempts: sql`${messages.attempts} + 1` })
    .where(
      and(
        ours,
        or(
          eq(messages.status, "queued"),
          and(
            eq(messages.status, "sending"),
            lt(messages.claimedAt, new Date(now.getTime() - CLAIM_TIMEOUT_MS)),
          ),
        ),
      ),
    )
    .returning();
  if (!claimed) {
    const [row] = await ctx.db.select({ status: messages.status }).from(messages).where(ours);
    if (!row) return { outcome: "failed", reason: "no such message" };
    if (row.status === "sending") return { outcome: "retry", reason: "another delivery is sending it" };
    return { outcome: "already_done" };
  }

  const result = await ctx.email.send({
    from: ctx.from,
    to: [{ email: claimed.toAddress }],
    subject: claimed.subject,
    text: claimed.text,
    ...(claimed.html ? { html: claimed.html } : {}),
    headers: { "X-Edgepost-Message-Id": claimed.id },
  });
  // Only while the claim is still ours: a delivery that took too long and was taken over must not
  // overwrite what the other one recorded.
  const stillOurs = and(ours, eq(messages.status, "sending"), eq(messages.claimedAt, now));
  if (result.ok) {
    await ctx.db
      .update(messages)
      .set({ status: "sent", providerMessageId: result.providerMessageId, sentAt: ctx.now(), error: null })
      .where(stillOurs);
    return { outcome: "sent", providerMessageId: result.providerMessageId };
  }
  const reason = `${result.code}: ${result.message}`.slice(0, 1000);
  await ctx.db
    .update(messages)
    .set({ status: result.retryable ? "queued" : "failed", claimedAt: null, error: reason })
    .where(stillOurs);
  return result.retryable ? { outcome: "retry", reason } : { outcome: "failed", reason };
}
