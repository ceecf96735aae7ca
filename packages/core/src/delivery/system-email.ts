import type { DeliveryMessage } from "@edgepost/contracts";
import { type messages, newId } from "@edgepost/db";
import type { EmailContent } from "../system-emails/email-content";

/**
 * An email from the platform to one of an account's people: the `messages` row to insert in the
 * caller's batch or transaction, and the queue message to send once that has committed.
 */
export function systemEmail(now: Date, input: { accountId: string; to: string; content: EmailContent }) {
  const id = newId("msg");
  const values: typeof messages.$inferInsert = {
    id,
    accountId: input.accountId,
    channel: "email",
    category: "system",
    toAddress: input.to,
    subject: input.content.subject,
    text: input.content.text,
    html: input.content.html,
    createdAt: now,
  };
  const queued: DeliveryMessage = { kind: "email", accountId: input.accountId, messageId: id };
  return { id, values, queued };
}
