import { accounts, campaignRecipients, campaigns, contacts } from "@edgepost/db";
import type { EmailMessage, EmailProvider, SendResult } from "@edgepost/messaging/port";
import { and, eq, inArray, sql } from "drizzle-orm";
import { addToDay } from "../campaign-stats/add-to-day";
import { ledgerEntry } from "../credits/ledger-entry";
import { CLAIM_TIMEOUT_MS, INTERRUPTED } from "../delivery/claim-emails";
import type { DeliverCtx } from "../delivery/deliver-emails";
import { interruptedRefusal, missingAnswer, settleAnswer, withDkim } from "../delivery/provider-answer";
import { readSenders } from "../delivery/read-senders";
import { finishedStatement, pauseCampaign } from "./campaign-progress";
import { recipientToken } from "./recipient-token";
import { campaignRenderer } from "./render-campaign";

export interface CampaignDeliverCtx extends DeliverCtx {
  /** The public worker's origin: unsubscribe, tracking and view-in-browser links point at it. */
  publicUrl: string;
  /** A mailbox for `List-Unsubscribe: <mailto:…>`, when the platform runs one. */
  unsubscribeMailbox: string | undefined;
}

export interface CampaignDelivery {
  accountId: string;
  campaignId: string;
  contactIds: readonly string[];
}

/** What the queue message is owed: done (sent, failed, or nothing to do now), or another try later. */
export type CampaignVerdict = "ack" | "retry";

type Outcome = {
  contactId: string;
  status: "sent" | "failed" | "pending";
  providerMessageId?: string;
  error: string | null;
  /** Released after the provider may have taken it: the next attempt repeats the same call. */
  keepSendKey?: boolean;
};

/**
 * Sends the recipients of one queue message of a campaign, each at most once (ADR 0013): claims, in
 * one statement, those still `pending` (or whose claim is stale) of a campaign still `sending` and
 * an account still active; renders each for its contact with its signed links and RFC 8058 headers;
 * hands them to the account's provider in one call keyed by the recipients it holds (a provider
 * that deduplicates answers a repeated call as a replay); and records every outcome where this
 * claim still stands, with the day's statistics, in one write. Three round trips a message of up to
 * a hundred recipients, besides the senders and the campaign read once per campaign of the batch.
 */
export async function deliverCampaigns({
  ctx,
  input,
}: {
  ctx: CampaignDeliverCtx;
  input: readonly CampaignDelivery[];
}): Promise<CampaignVerdict[]> {
  const verdicts: CampaignVerdict[] = input.map(() => "retry");
  const byCampaign = new Map<string, number[]>();
  input.forEach((item, i) => {
    byCampaign.set(item.campaignId, [...(byCampaign.get(item.campaignId) ?? []), i]);
  });
  for (const [campaignId, indexes] of byCampaign) {
    const first = input[indexes[0] ?? 0];
    if (!first) continue;
    const sending = await openCampaign(ctx, first.accountId, campaignId);
    for (const i of indexes) {
      const item = input[i];
      if (item) verdicts[i] = sending ? await sending(item.contactIds) : "ack";
    }
  }
  return verdicts;
}

/** The campaign, its account's sender and provider, read once: a function that sends some of its recipients. */
async function openCampaign(ctx: CampaignDeliverCtx, accountId: string, campaignId: string) {
  const [senders, [campaign]] = await Promise.all([
    readSenders(ctx, [accountId], ctx.signingSecret),
    ctx.db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.id, campaignId), eq(campaigns.accountId, accountId))),
  ]);
  const sender = senders.get(accountId);
  // Gone, or not sending (paused, cancelled): the message is done; a resume queues what is pending.
  if (!campaign || !sender || campaign.status !== "sending" || !campaign.sender) return undefined;
  if (sender.status !== "active") {
    await pauseCampaign(ctx, { accountId, campaignId }, `the account is ${sender.status}: it may not send`);
    return undefined;
  }
  const provider = await ctx.providerFor(sender.providerUrl);
  const render = campaignRenderer(campaign, ctx.publicUrl);
  const from = campaign.sender;
  const issuedAt = campaign.startedAt ?? campaign.createdAt;
  return async (contactIds: readonly string[]): Promise<CampaignVerdict> => {
    const claim = await claimRecipients(ctx, {
      accountId,
      campaignId,
      contactIds,
      idempotent: provider.idempotent,
    });
    const outcomes: Outcome[] = [];
    const emails: {
      contactId: string;
      sendKey: string;
      previousError: string | null;
      email: EmailMessage;
    }[] = [];
    for (const row of claim.rows) {
      const interrupted = interruptedRefusal(row.error, provider);
      if (interrupted) {
        outcomes.push({ contactId: row.contactId, status: "failed", error: interrupted });
      } else if (!row.email) {
        outcomes.push({
          contactId: row.contactId,
          status: "failed",
          error: "the contact has no email address any more",
        });
      } else {
        // Issued as of the start: a call made again renders the very same message.
        const token = await recipientToken(
          ctx.signingSecret,
          { campaignId, contactId: row.contactId },
          issuedAt,
        );
        try {
          const content = render(row, token);
          emails.push({
            contactId: row.contactId,
            sendKey: row.sendKey ?? claim.id,
            previousError: row.error,
            email: await withDkim(sender, provider, {
              from: { email: from.email, ...(from.name ? { name: from.name } : {}) },
              to: [{ email: row.email }],
              ...(from.replyTo ? { replyTo: { email: from.replyTo } } : {}),
              subject: content.subject,
              text: content.text,
              ...(content.html !== undefined ? { html: content.html } : {}),
              listUnsubscribe: {
                url: content.unsubscribeUrl,
                ...(ctx.unsubscribeMailbox ? { mailto: ctx.unsubscribeMailbox } : {}),
              },
              headers: {
                "Feedback-ID": `${campaignId}:${accountId}:campaign:edgepost`,
                "X-Edgepost-Campaign": campaignId,
                "X-Edgepost-Message-Id": `${campaignId}.${row.contactId}`,
              },
              idempotencyKey: `${campaignId}.${row.contactId}`,
            }),
          });
        } catch (error) {
          outcomes.push({
            contactId: row.contactId,
            status: "failed",
            error: `not rendered: ${String(error)}`.slice(0, 1000),
          });
        }
      }
    }
    // One provider call per send key: a call taken over is made again exactly as it was.
    const calls = new Map<string, typeof emails>();
    for (const item of emails) calls.set(item.sendKey, [...(calls.get(item.sendKey) ?? []), item]);
    for (const [key, call] of calls) {
      const answers = await provider.sendBatch(
        call.map((e) => e.email),
        { idempotencyKey: key },
      );
      for (const [i, { contactId, previousError }] of call.entries()) {
        outcomes.push(settle(contactId, provider, answers[i] ?? missingAnswer, previousError));
      }
    }
    await recordOutcomes(ctx, { accountId, campaignId, claim: claim.id, outcomes });
    const released = outcomes.some((o) => o.status === "pending");
    // Held by another delivery that is still sending: its outcome is not known yet.
    const heldElsewhere = claim.heldElsewhere > 0;
    return released || heldElsewhere ? "retry" : "ack";
  };
}

/** The provider's answer as the recipient's outcome: sent, failed, or released (`pending`) for a retry. */
function settle(
  contactId: string,
  provider: EmailProvider,
  answer: SendResult,
  previousError: string | null,
): Outcome {
  const settled = settleAnswer(answer, provider, previousError);
  return settled.status === "retry"
    ? { contactId, ...settled, status: "pending" }
    : { contactId, ...settled };
}

/**
 * The condition on `campaign_recipients` of these recipients and every other of a provider call one
 * of them went out in (still open): a call made again, or given up on, always holds exactly the
 * recipients it held, whichever queue message brings it back.
 */
export function withTheirCalls(campaignId: string, contactIds: readonly string[]) {
  const ids = sql`(${sql.join(
    contactIds.map((id) => sql`${id}`),
    sql`, `,
  )})`;
  return sql`(campaign_recipients.contact_id in ${ids} or (campaign_recipients.send_key is not null and campaign_recipients.send_key in (
    select b.send_key from campaign_recipients as b
    where b.campaign_id = ${campaignId} and b.contact_id in ${ids} and b.status in ('claimed', 'pending'))))`;
}

/**
 * Claims, in one statement, the message's recipients that may be sent now, and in the same round
 * trip reads their contacts and how every recipient of the message stands.
 */
async function claimRecipients(
  ctx: CampaignDeliverCtx,
  input: { accountId: string; campaignId: string; contactIds: readonly string[]; idempotent: boolean },
) {
  const now = ctx.now();
  const id = `clm_${crypto.randomUUID().replaceAll("-", "")}`;
  const ids = [...input.contactIds];
  const r = campaignRecipients;
  const stale = new Date(now.getTime() - CLAIM_TIMEOUT_MS);
  const [, claimed, statuses] = await ctx.db.batch([
    ctx.db
      .update(r)
      .set({
        status: "claimed",
        claim: id,
        claimedAt: now,
        attempts: sql`${r.attempts} + 1`,
        sendKey: sql`coalesce(${r.sendKey}, ${id})`,
        // A claim taken over is a delivery that died mid-send: the provider may have taken it.
        error: sql`case when ${r.status} = 'claimed' and coalesce(substr(${r.error}, ${-INTERRUPTED.length}), '') <> ${INTERRUPTED}
          then coalesce(${r.error}, 'interrupted while sending') || ${INTERRUPTED} else ${r.error} end`,
      })
      .where(
        and(
          eq(r.campaignId, input.campaignId),
          withTheirCalls(input.campaignId, ids),
          // Taken over when stale, or at once through a provider that deduplicates a repeated call.
          sql`(${r.status} = 'pending' or (${r.status} = 'claimed' and (${r.claimedAt} < ${stale.getTime()} or ${input.idempotent ? 1 : 0})))`,
          sql`exists (select 1 from ${campaigns} where ${campaigns.id} = ${input.campaignId} and ${campaigns.status} = 'sending')`,
          sql`exists (select 1 from ${accounts} where ${accounts.id} = ${input.accountId} and ${accounts.status} = 'active')`,
        ),
      ),
    ctx.db
      .select({
        contactId: r.contactId,
        error: r.error,
        sendKey: r.sendKey,
        id: contacts.id,
        email: contacts.email,
        phone: contacts.phone,
        attributes: contacts.attributes,
      })
      .from(r)
      .innerJoin(contacts, eq(contacts.id, r.contactId))
      .where(and(eq(r.campaignId, input.campaignId), eq(r.claim, id)))
      .orderBy(r.contactId),
    ctx.db
      .select({ contactId: r.contactId, status: r.status, claim: r.claim })
      .from(r)
      .where(and(eq(r.campaignId, input.campaignId), inArray(r.contactId, ids))),
  ]);
  return {
    id,
    rows: claimed,
    heldElsewhere: statuses.filter((s) => s.status === "claimed" && s.claim !== id).length,
  };
}

/**
 * Every outcome of one claim in one write, each only where the claim still stands: sent and failed
 * recipients with the day's `sent` and `failures` counted from the rows that changed; released ones
 * back to `pending` — or, when the campaign was cancelled meanwhile, `cancelled` with their credits
 * given back; and the campaign marked `sent` when nobody is left.
 */
async function recordOutcomes(
  ctx: CampaignDeliverCtx,
  input: { accountId: string; campaignId: string; claim: string; outcomes: readonly Outcome[] },
) {
  if (input.outcomes.length === 0) return;
  const now = ctx.now();
  const rows = (status: Outcome["status"]) => input.outcomes.filter((o) => o.status === status);
  const update = (outcomes: readonly Outcome[], status: string, cancelledOnly?: boolean) => {
    const values = sql.join(
      outcomes.map(
        (o) => sql`(${o.contactId}, ${o.providerMessageId ?? null}, ${o.error}, ${o.keepSendKey ? 1 : 0})`,
      ),
      sql`, `,
    );
    return ctx.db.run(sql`
      with v(contact_id, provider_message_id, error, keep_send_key) as (values ${values})
      update campaign_recipients set
        status = ${status},
        provider_message_id = coalesce(v.provider_message_id, campaign_recipients.provider_message_id),
        error = v.error,
        sent_at = case when ${status} = 'sent' then ${now.getTime()} else campaign_recipients.sent_at end,
        send_key = case when ${status} = 'pending' and v.keep_send_key = 0 then null else campaign_recipients.send_key end
      from v
      where campaign_recipients.campaign_id = ${input.campaignId} and campaign_recipients.contact_id = v.contact_id
        and campaign_recipients.status = 'claimed' and campaign_recipients.claim = ${input.claim}
        ${cancelledOnly === undefined ? sql`` : sql`and ${cancelledOnly ? sql`` : sql`not`} exists (select 1 from campaigns where id = ${input.campaignId} and status = 'cancelled')`}`);
  };
  const count = (counter: "sent" | "failures") =>
    addToDay(
      ctx,
      { accountId: input.accountId, campaignId: input.campaignId, at: now },
      counter,
      "changed rows",
    );
  const statements = [];
  if (rows("sent").length > 0) statements.push(update(rows("sent"), "sent"), count("sent"));
  if (rows("failed").length > 0) statements.push(update(rows("failed"), "failed"), count("failures"));
  if (rows("pending").length > 0) {
    statements.push(
      update(rows("pending"), "cancelled", true),
      ledgerEntry(ctx, {
        accountId: input.accountId,
        wallet: "email",
        kind: "refund",
        amount: sql`changes()`,
        reference: `campaign-cancelled:${input.campaignId}:${input.claim}`,
        at: now,
        onlyIfChanged: true,
      }),
      update(rows("pending"), "pending", false),
    );
  }
  statements.push(finishedStatement(ctx, input.campaignId));
  await ctx.db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}
