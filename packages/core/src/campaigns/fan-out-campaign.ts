import type { DeliveryMessage } from "@edgepost/contracts";
import { accounts, campaignRecipients, campaigns } from "@edgepost/db";
import { and, asc, eq, gt, lte, type SQL, sql } from "drizzle-orm";
import type { Ctx, DeliveryQueue } from "../context";
import { isDuplicateReference, isOverdraw, ledgerEntry } from "../credits/ledger-entry";
import { monthlyAllowance } from "../credits/monthly-allowance";
import { InvalidFields } from "../errors";
import { log } from "../logging/log";
import { campaignSendRate } from "../plans/plans";
import type { TransferQueue } from "../transfers/file-store";
import { audienceCondition } from "./audience";
import { platformFor } from "./campaign-ctx";
import { finishIfDone, pauseCampaign } from "./campaign-progress";

/** Recipients written in one short write. */
const CHUNK = 1000;
/** Recipient ids one delivery queue message carries (Queues: 100 messages a batch, 128 KB each). */
const IDS_PER_MESSAGE = 100;
/** How far ahead of the account's sending rate recipients are queued; beyond it the fan-out waits. */
const LOOKAHEAD_MS = 10 * 60_000;

export type FanOutCtx = Ctx & { delivery: DeliveryQueue; transfers: TransferQueue };

/**
 * Runs one campaign's fan-out for up to `budgetMs` (the transfers worker queues it again to go on):
 * - a cancelled campaign: its pending recipients are cancelled and their credits given back;
 * - recipients written but not known to be queued (after a resume, or a crash between a write and
 *   its queueing) are queued again, read from their states by keyset, never from a batch fetched;
 * - then the next chunks of the audience, in contact-id order after the cursor: each chunk one
 *   write that inserts its recipients `pending`, takes one credit each (an overdraft pauses the
 *   campaign), moves the cursor under a guard (a second fan-out of the same campaign writes
 *   nothing) and books the account's sending slots, then its ids are queued, each message delayed to
 *   its slot at the account's rate. When the slots run more than ten minutes ahead, it stops and is
 *   queued again for later: a rate-limited campaign costs no worker time while it waits.
 * Answers whether it is done, or after how many seconds to go on.
 */
export async function fanOutCampaign({
  ctx,
  input,
  budgetMs,
}: {
  ctx: FanOutCtx;
  input: { accountId: string; campaignId: string };
  budgetMs: number;
}): Promise<{ done: true } | { done: false; delaySeconds: number }> {
  const started = Date.now();
  const [campaign] = await ctx.db
    .select({
      status: campaigns.status,
      audience: campaigns.audience,
      cursor: campaigns.cursor,
      queuedCursor: campaigns.queuedCursor,
      fannedOut: campaigns.fannedOut,
      plan: accounts.plan,
      sendRatePerHour: accounts.sendRatePerHour,
      nextSendAt: accounts.nextSendAt,
    })
    .from(campaigns)
    .innerJoin(accounts, eq(accounts.id, campaigns.accountId))
    .where(and(eq(campaigns.id, input.campaignId), eq(campaigns.accountId, input.accountId)));
  if (!campaign) return { done: true };
  if (campaign.status === "cancelled") {
    await cancelRecipients(ctx, input);
    return { done: true };
  }
  if (campaign.status !== "sending") return { done: true };
  const msPerMessage = 3_600_000 / campaignSendRate(campaign);
  let { cursor, queuedCursor, fannedOut } = campaign;
  /** When the account's next sending slot is free, as far as this fan-out knows. */
  let nextSlot = campaign.nextSendAt?.getTime() ?? 0;

  const enqueueIds = async (ids: readonly string[], slotStart: number) => {
    const now = ctx.now().getTime();
    const messages: { body: DeliveryMessage; delaySeconds?: number }[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_MESSAGE) {
      const delay = Math.max(0, Math.floor((slotStart + i * msPerMessage - now) / 1000));
      messages.push({
        body: {
          kind: "campaign",
          accountId: input.accountId,
          campaignId: input.campaignId,
          contactIds: ids.slice(i, i + IDS_PER_MESSAGE),
        },
        ...(delay > 0 ? { delaySeconds: delay } : {}),
      });
    }
    // Throws if the queue refuses: the cursor that says what is queued has not moved yet.
    await ctx.delivery.sendBatch(messages);
  };

  // A resume first queues again the recipients a delivery held when it died: their queue messages
  // were acknowledged while the campaign was paused, and they are taken over once claimed again.
  if (queuedCursor === null && cursor !== null) {
    const held = await ctx.db
      .select({ id: campaignRecipients.contactId })
      .from(campaignRecipients)
      .where(
        and(eq(campaignRecipients.campaignId, input.campaignId), eq(campaignRecipients.status, "claimed")),
      )
      .orderBy(asc(campaignRecipients.contactId));
    if (held.length > 0)
      await enqueueIds(
        held.map((row) => row.id),
        ctx.now().getTime(),
      );
  }
  // Resume and recovery: pending recipients already written, queued again from their states.
  while ((queuedCursor ?? "") < (cursor ?? "") && Date.now() - started < budgetMs) {
    const pending = await ctx.db
      .select({ id: campaignRecipients.contactId })
      .from(campaignRecipients)
      .where(
        and(
          eq(campaignRecipients.campaignId, input.campaignId),
          eq(campaignRecipients.status, "pending"),
          gt(campaignRecipients.contactId, queuedCursor ?? ""),
          lte(campaignRecipients.contactId, cursor ?? ""),
        ),
      )
      .orderBy(asc(campaignRecipients.contactId))
      .limit(CHUNK);
    const ids = pending.map((row) => row.id);
    const now = ctx.now();
    const [booked] =
      ids.length > 0 ? await bookSlots(ctx, input.accountId, ids.length * msPerMessage, now) : [];
    const slot = (booked?.nextSendAt?.getTime() ?? now.getTime()) - ids.length * msPerMessage;
    if (ids.length > 0) await enqueueIds(ids, slot);
    queuedCursor = ids.length < CHUNK ? cursor : (ids.at(-1) ?? cursor);
    await ctx.db
      .update(campaigns)
      .set({ queuedCursor })
      .where(and(eq(campaigns.id, input.campaignId), eq(campaigns.status, "sending")));
    if (slot - ctx.now().getTime() > LOOKAHEAD_MS) return later(ctx, slot);
  }

  const scope = platformFor(ctx, input.accountId);
  let audience: Awaited<ReturnType<typeof audienceCondition>>;
  try {
    audience = await audienceCondition(scope, campaign.audience);
  } catch (error) {
    if (!(error instanceof InvalidFields)) throw error;
    await pauseCampaign(ctx, input, `its audience changed and cannot be sent to: ${error.message}`);
    return { done: true };
  }

  while (!fannedOut && Date.now() - started < budgetMs) {
    const after = cursor ?? "";
    const now = ctx.now();
    // No more than the rate lets go out within the lookahead: a paced campaign is written as it goes.
    const room = LOOKAHEAD_MS - Math.max(0, nextSlot - now.getTime());
    const limit = Math.min(CHUNK, Math.floor(room / msPerMessage / IDS_PER_MESSAGE) * IDS_PER_MESSAGE);
    if (limit < IDS_PER_MESSAGE) {
      await markQueued(ctx, input.campaignId, cursor);
      return later(ctx, nextSlot);
    }
    const written = sql`(select count(*) from ${campaignRecipients} where ${campaignRecipients.campaignId} = ${input.campaignId} and ${campaignRecipients.contactId} > ${after})`;
    let inserted: { contact_id: string }[];
    let moved: { cursor: string | null; fannedOut: boolean }[];
    let booked: { nextSendAt: Date | null }[];
    // A campaign running into a new month gets its allowance before the chunk's debit, as a send does.
    const allowance = monthlyAllowance(ctx, { id: input.accountId, plan: campaign.plan }, now);
    try {
      [, , inserted, , moved, booked] = await ctx.db.batch([
        allowance[0] ?? noop(ctx),
        allowance[1] ?? noop(ctx),
        ctx.db.all<{ contact_id: string }>(sql`
          insert into campaign_recipients (campaign_id, contact_id, account_id, status, attempts)
          select ${input.campaignId}, contacts.id, ${input.accountId}, 'pending', 0 from contacts
          where ${audience} and contacts.id > ${after}
            and exists (select 1 from campaigns where id = ${input.campaignId} and status = 'sending' and coalesce(cursor, '') = ${after})
          order by contacts.id limit ${limit}
          on conflict do nothing
          returning contact_id`),
        ledgerEntry(ctx, {
          accountId: input.accountId,
          wallet: "email",
          kind: "consumption",
          amount: sql`-changes()`,
          reference: `campaign:${input.campaignId}:${after}`,
          at: now,
          onlyIfChanged: true,
        }),
        ctx.db
          .update(campaigns)
          .set({
            cursor: sql`coalesce((select max(${campaignRecipients.contactId}) from ${campaignRecipients} where ${campaignRecipients.campaignId} = ${input.campaignId}), ${campaigns.cursor})`,
            queuedCursor: cursor,
            recipientsWritten: sql`${campaigns.recipientsWritten} + ${written}`,
            fannedOut: sql`${written} < ${limit}`,
            updatedAt: now,
          })
          .where(
            and(
              eq(campaigns.id, input.campaignId),
              eq(campaigns.status, "sending"),
              sql`coalesce(${campaigns.cursor}, '') = ${after}`,
            ),
          )
          .returning({ cursor: campaigns.cursor, fannedOut: campaigns.fannedOut }),
        bookSlots(ctx, input.accountId, sql`${written} * ${msPerMessage}`, now),
      ]);
    } catch (error) {
      if (!isOverdraw(error)) throw error;
      await pauseCampaign(ctx, input, "the email wallet ran out of credits: buy credits, then resume it");
      return { done: true };
    }
    const [state] = moved;
    // Another fan-out of the same campaign moved first, or it was paused or cancelled meanwhile.
    if (!state) return { done: true };
    ({ cursor, fannedOut } = state);
    queuedCursor = cursor;
    const ids = inserted.map((row) => row.contact_id).sort();
    nextSlot = booked[0]?.nextSendAt?.getTime() ?? now.getTime();
    if (ids.length > 0) await enqueueIds(ids, nextSlot - ids.length * msPerMessage);
  }
  await markQueued(ctx, input.campaignId, cursor);
  if (!fannedOut) return { done: false, delaySeconds: 0 };
  await finishIfDone(ctx, input.campaignId);
  log("info", "campaign fanned out", input);
  return { done: true };
}

const noop = (ctx: Ctx) => ctx.db.run(sql`select 1`);

/** Books `duration` ms of the account's sending slots from now or its next free one; returns where they end. */
function bookSlots(ctx: Ctx, accountId: string, duration: SQL | number, now: Date) {
  return ctx.db
    .update(accounts)
    .set({ nextSendAt: sql`max(coalesce(${accounts.nextSendAt}, 0), ${now.getTime()}) + ${duration}` })
    .where(eq(accounts.id, accountId))
    .returning({ nextSendAt: accounts.nextSendAt });
}

const markQueued = (ctx: Ctx, campaignId: string, cursor: string | null) =>
  ctx.db.update(campaigns).set({ queuedCursor: cursor }).where(eq(campaigns.id, campaignId));

/** Go on when the slots booked so far are nearly due. */
function later(ctx: Ctx, slotEnd: number): { done: false; delaySeconds: number } {
  const wait = slotEnd - ctx.now().getTime() - LOOKAHEAD_MS / 2;
  return { done: false, delaySeconds: Math.max(1, Math.ceil(wait / 1000)) };
}

/**
 * Winds up a cancelled campaign: its pending recipients become `cancelled` and the credits they
 * took come back in one ledger entry (booked once by its reference, whatever redelivers this).
 */
async function cancelRecipients(ctx: Ctx, input: { accountId: string; campaignId: string }) {
  const now = ctx.now();
  try {
    await ctx.db.batch([
      ctx.db
        .update(campaignRecipients)
        .set({ status: "cancelled", error: "the campaign was cancelled" })
        .where(
          and(eq(campaignRecipients.campaignId, input.campaignId), eq(campaignRecipients.status, "pending")),
        ),
      ledgerEntry(ctx, {
        accountId: input.accountId,
        wallet: "email",
        kind: "refund",
        amount: sql`changes()`,
        reference: `campaign-cancelled:${input.campaignId}`,
        at: now,
        onlyIfChanged: true,
      }),
    ]);
  } catch (error) {
    // Cancelled before: the refund is booked, and nothing was pending any more.
    if (!isDuplicateReference(error)) throw error;
  }
}
