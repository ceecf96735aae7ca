import { messages, newId, suppressions } from "@edgepost/db";
import { and, eq, inArray } from "drizzle-orm";
import type { Ctx, DeliveryQueue } from "../context";
import { enqueue } from "./enqueue";
import { messageEventWrites } from "./message-event";

/** What a provider reported about a message it took (see `@edgepost/messaging/provider-events`). */
export interface ReportedEvent {
  provider: string;
  providerMessageId: string;
  type: "delivered" | "bounced" | "soft_bounced" | "complained";
  recipient: string;
  occurredAt: Date;
  providerEventId: string;
  detail: string;
}

/**
 * How far along a message is: a report moves its status only forward (a late `delivered` does not
 * hide a bounce; a soft bounce may still be followed by delivery), while every report is recorded.
 */
const RANK = { sent: 1, soft_bounced: 2, delivered: 3, bounced: 4, complained: 5 } as const;
const SUPPRESS = { bounced: "hard_bounce", complained: "complaint" } as const;

/**
 * Records what providers report through their webhooks: the event (once, however often the
 * provider repeats it), the message's new status, the account's suppression of a hard-bounced or
 * complaining address, and the customer's webhooks. Reports about messages we do not know are
 * counted and dropped (another platform's, or purged).
 */
export async function recordProviderEvents({
  ctx,
  input,
}: {
  ctx: Ctx & { delivery: DeliveryQueue };
  input: ReportedEvent[];
}): Promise<{ recorded: number; unknown: number }> {
  const ids = [...new Set(input.map((event) => event.providerMessageId))];
  if (ids.length === 0) return { recorded: 0, unknown: 0 };
  const found = await ctx.db
    .select({
      id: messages.id,
      accountId: messages.accountId,
      provider: messages.provider,
      pmid: messages.providerMessageId,
    })
    .from(messages)
    .where(inArray(messages.providerMessageId, ids));
  const byProviderId = new Map(found.map((row) => [`${row.provider}:${row.pmid}`, row]));
  let recorded = 0;
  let unknown = 0;
  for (const event of input) {
    const message = byProviderId.get(`${event.provider}:${event.providerMessageId}`);
    if (!message) {
      unknown++;
      continue;
    }
    const lower = Object.entries(RANK)
      .filter(([, rank]) => rank < RANK[event.type])
      .map(([status]) => status as keyof typeof RANK);
    const writes = messageEventWrites(
      ctx,
      {
        accountId: message.accountId,
        messageId: message.id,
        type: event.type,
        recipient: event.recipient.toLowerCase(),
        detail: event.detail.slice(0, 1000),
        providerEventId: `${event.provider}:${event.providerEventId}`,
        occurredAt: event.occurredAt,
      },
      "always",
    );
    const suppress =
      event.type === "bounced" || event.type === "complained" ? SUPPRESS[event.type] : undefined;
    const [, , hooks] = await ctx.db.batch([
      ctx.db
        .update(messages)
        .set({ status: event.type, updatedAt: ctx.now() })
        .where(and(eq(messages.id, message.id), inArray(messages.status, lower))),
      ...writes.statements,
      ...(suppress
        ? [
            ctx.db
              .insert(suppressions)
              .values({
                id: newId("sup"),
                accountId: message.accountId,
                email: event.recipient.toLowerCase(),
                reason: suppress,
                source: message.id,
                createdAt: ctx.now(),
              })
              .onConflictDoNothing(),
          ]
        : []),
    ]);
    await enqueue(ctx.delivery, writes.queuedFrom(hooks));
    recorded++;
  }
  return { recorded, unknown };
}
