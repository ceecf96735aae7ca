import type { DeliveryMessage } from "@edgepost/contracts";
import { campaignRecipients, messages, newId, suppressions } from "@edgepost/db";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import {
  type AutoPauseThresholds,
  autoPauseStatement,
  notifyPaused,
  type PausedCampaign,
} from "../campaign-stats/auto-pause";
import { campaignReportWrites, transactionalReportWrite } from "../campaign-stats/provider-event-stats";
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

type ProviderCtx = Ctx & { delivery: DeliveryQueue; autoPause?: AutoPauseThresholds };

/**
 * Records what providers report through their webhooks, in the same few round trips however many
 * reports a call carries (one read, one write, and one more for a campaign that paused itself).
 * About a transactional message: the event (once, however often the provider repeats it), the
 * message's new status, the account's daily statistics, and the customer's webhooks. About a
 * campaign message (named by the provider's id on its recipient row): the campaign event and the
 * campaign's daily statistics; then each sending campaign past its bounce or complaint limit pauses
 * itself and its owner is emailed. Either way a hard bounce or complaint suppresses the address for
 * the account. Reports about messages we do not know are counted and dropped.
 */
export async function recordProviderEvents({
  ctx,
  input,
}: {
  ctx: ProviderCtx;
  input: ReportedEvent[];
}): Promise<{ recorded: number; unknown: number }> {
  const ids = [...new Set(input.map((event) => event.providerMessageId))];
  if (ids.length === 0) return { recorded: 0, unknown: 0 };
  const [found, recipients] = await ctx.db.batch([
    ctx.db
      .select({
        id: messages.id,
        accountId: messages.accountId,
        provider: messages.provider,
        pmid: messages.providerMessageId,
      })
      .from(messages)
      .where(inArray(messages.providerMessageId, ids)),
    ctx.db
      .select({
        campaignId: campaignRecipients.campaignId,
        contactId: campaignRecipients.contactId,
        accountId: campaignRecipients.accountId,
        pmid: campaignRecipients.providerMessageId,
      })
      .from(campaignRecipients)
      .where(
        and(
          isNotNull(campaignRecipients.providerMessageId),
          inArray(campaignRecipients.providerMessageId, ids),
        ),
      ),
  ]);
  const byProviderId = new Map(found.map((row) => [`${row.provider}:${row.pmid}`, row]));
  const recipientById = new Map(recipients.map((row) => [row.pmid, row]));
  const statements: BatchItem<"sqlite">[] = [];
  const hookResults: { index: number; queuedFrom: (hooks: { id: string }[]) => DeliveryMessage[] }[] = [];
  const campaigns = new Map<string, { accountId: string; campaignId: string }>();
  let unknown = 0;
  for (const event of input) {
    const message = byProviderId.get(`${event.provider}:${event.providerMessageId}`);
    const recipient = message ? undefined : recipientById.get(event.providerMessageId);
    const providerEventId = `${event.provider}:${event.providerEventId}`;
    let source: { accountId: string; id: string };
    if (message) {
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
          providerEventId,
          occurredAt: event.occurredAt,
        },
        "always",
      );
      statements.push(
        ctx.db
          .update(messages)
          .set({ status: event.type, updatedAt: ctx.now() })
          .where(and(eq(messages.id, message.id), inArray(messages.status, lower))),
        transactionalReportWrite(ctx, { ...event, messageId: message.id, providerEventId }),
        ...writes.statements,
      );
      hookResults.push({ index: statements.length - 1, queuedFrom: writes.queuedFrom });
      source = { accountId: message.accountId, id: message.id };
    } else if (recipient) {
      statements.push(...(await campaignReportWrites(ctx, recipient, { ...event, providerEventId })));
      campaigns.set(recipient.campaignId, recipient);
      source = { accountId: recipient.accountId, id: recipient.campaignId };
    } else {
      unknown++;
      continue;
    }
    if (event.type === "bounced" || event.type === "complained") {
      statements.push(
        ctx.db
          .insert(suppressions)
          .values({
            id: newId("sup"),
            accountId: source.accountId,
            email: event.recipient.toLowerCase(),
            reason: SUPPRESS[event.type],
            source: source.id,
            createdAt: ctx.now(),
          })
          .onConflictDoNothing(),
      );
    }
  }
  const [first, ...rest] = statements;
  if (!first) return { recorded: 0, unknown };
  const pause = campaigns.size > 0 ? [autoPauseStatement(ctx, [...campaigns.values()], ctx.autoPause)] : [];
  const results = (await ctx.db.batch([first, ...rest, ...pause])) as unknown[];
  await enqueue(
    ctx.delivery,
    hookResults.flatMap(({ index, queuedFrom }) => queuedFrom(results[index] as { id: string }[])),
  );
  if (pause.length > 0) await notifyPaused(ctx, results.at(-1) as PausedCampaign[]);
  return { recorded: input.length - unknown, unknown };
}
