import type { DeliveryMessage, TransferMessage } from "@edgepost/contracts";
import {
  accounts,
  campaignRecipients,
  campaigns,
  contacts,
  creditLedger,
  listMemberships,
  newId,
  senderDomains,
} from "@edgepost/db";
import { and, asc, eq, like, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { changeCampaignStatus } from "../src/campaigns/change-campaign-status";
import { createCampaign } from "../src/campaigns/create-campaign";
import { fanOutCampaign } from "../src/campaigns/fan-out-campaign";
import { scheduleCampaign } from "../src/campaigns/schedule-campaign";
import { sendCampaign } from "../src/campaigns/send-campaign";
import { startScheduledCampaigns } from "../src/campaigns/start-scheduled-campaigns";
import { createList } from "../src/contacts/create-list";
import type { AccountCtx } from "../src/context";
import { adjustCredits } from "../src/credits/adjust-credits";
import { createSenderDomain } from "../src/domains/create-sender-domain";
import { collectingQueue, freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-12-08T10:00:00Z") };
const ctx = await freshCtx(clock);
const BUDGET = 60_000;

/** The transfers queue as the verbs see it, keeping what they queued (and any delay asked for). */
function transfersQueue() {
  const sent: TransferMessage[] = [];
  return { sent, send: async (message: TransferMessage) => void sent.push(message) };
}

/** An account with a verified sender, `n` subscribed contacts on one list, and `credits` credits. */
async function customer(n: number, credits: number) {
  const owner = await newAccount(ctx);
  const accountId = owner.principal.accountId;
  const domain = `news-${crypto.randomUUID().slice(0, 8)}.example.com`;
  const d = await createSenderDomain({
    ctx: { ...owner, signingSecret: "test-signing-secret-of-at-least-32-characters" },
    input: { domain },
  });
  await ctx.db.update(senderDomains).set({ status: "verified" }).where(eq(senderDomains.id, d.id));
  // A subscription has no monthly allowance: the wallet holds exactly what the test gives it.
  await ctx.db.update(accounts).set({ plan: "subscription" }).where(eq(accounts.id, accountId));
  const list = await createList({ ctx: owner, input: { name: "News", doubleOptIn: false } });
  const now = clock.now;
  for (let start = 0; start < n; start += 500) {
    const rows = Array.from({ length: Math.min(500, n - start) }, (_, i) => ({
      id: newId("con"),
      accountId,
      email: `c${start + i}-${crypto.randomUUID().slice(0, 6)}@example.com`,
      createdAt: now,
      updatedAt: now,
    }));
    await ctx.db.insert(contacts).values(rows);
    await ctx.db.insert(listMemberships).values(
      rows.map((c) => ({
        accountId,
        listId: list.id,
        contactId: c.id,
        status: "subscribed" as const,
        createdAt: now,
        updatedAt: now,
      })),
    );
  }
  if (credits > 0) {
    await adjustCredits({
      ctx: { ...ctx, operator: "test" },
      input: { accountId, wallet: "email", amount: credits, reference: `grant-${accountId}` },
    });
  }
  const campaign = await createCampaign({
    ctx: owner,
    input: {
      name: "December",
      audience: { lists: [list.id] },
      sender: { email: `news@${domain}` },
      subject: "Hello {{ contact.email }}",
      html: '<p>Hi</p><a href="https://shop.example.com/">Shop</a>',
    },
  });
  return { owner, accountId, campaign };
}

const fanOutCtx = (delivery: DeliveryMessage[], transfers = transfersQueue()) => ({
  ...ctx,
  delivery: collectingQueue(delivery),
  transfers,
});

const recipientIds = (messages: DeliveryMessage[]) =>
  messages.flatMap((m) => (m.kind === "campaign" ? m.contactIds : []));

async function ledger(accountId: string, reference: string) {
  return ctx.db
    .select({ amount: creditLedger.amount, reference: creditLedger.reference })
    .from(creditLedger)
    .where(and(eq(creditLedger.accountId, accountId), like(creditLedger.reference, reference)))
    .orderBy(asc(creditLedger.seq));
}

describe("campaign engine", () => {
  it("starts: counts the audience, refuses 402 with the shortfall, and queues the fan-out once", async () => {
    const { owner, accountId, campaign } = await customer(3, 2);
    const transfers = transfersQueue();
    await expect(
      sendCampaign({ ctx: { ...owner, transfers }, input: { id: campaign.id } }),
    ).rejects.toMatchObject({
      code: "insufficient_credits",
      shortfall: 1,
    });
    expect(transfers.sent).toEqual([]);
    await adjustCredits({
      ctx: { ...ctx, operator: "test" },
      input: { accountId, wallet: "email", amount: 1, reference: `more-${accountId}` },
    });
    const started = await sendCampaign({ ctx: { ...owner, transfers }, input: { id: campaign.id } });
    expect(started).toMatchObject({ status: "sending", audienceSize: 3 });
    expect(transfers.sent).toEqual([{ kind: "campaign_fan_out", accountId, campaignId: campaign.id }]);
    await expect(
      sendCampaign({ ctx: { ...owner, transfers }, input: { id: campaign.id } }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("fans 2,500 recipients out in chunks of one write each: every contact once, one credit each, queued 100 a message; a second run does nothing", async () => {
    const { owner, accountId, campaign } = await customer(2_500, 2_500);
    await sendCampaign({ ctx: { ...owner, transfers: transfersQueue() }, input: { id: campaign.id } });
    const delivery: DeliveryMessage[] = [];
    const result = await fanOutCampaign({
      ctx: fanOutCtx(delivery),
      input: { accountId, campaignId: campaign.id },
      budgetMs: BUDGET,
    });
    expect(result).toEqual({ done: true });
    const ids = recipientIds(delivery);
    expect(ids).toHaveLength(2_500);
    expect(new Set(ids).size).toBe(2_500);
    expect(delivery.every((m) => m.kind === "campaign" && m.contactIds.length <= 100)).toBe(true);
    const debits = await ledger(accountId, `campaign:${campaign.id}:%`);
    expect(debits.map((d) => d.amount)).toEqual([-1000, -1000, -500]);
    const [row] = await ctx.db.select().from(campaigns).where(eq(campaigns.id, campaign.id));
    expect(row).toMatchObject({ recipientsWritten: 2_500, fannedOut: true });
    expect(row?.queuedCursor).toBe(row?.cursor);

    const again: DeliveryMessage[] = [];
    await fanOutCampaign({
      ctx: fanOutCtx(again),
      input: { accountId, campaignId: campaign.id },
      budgetMs: BUDGET,
    });
    expect(again).toEqual([]);
    expect(await ledger(accountId, `campaign:${campaign.id}:%`)).toHaveLength(3);
  });

  it("paces recipients at the account's rate and stops ahead of it, to go on later", async () => {
    const { owner, accountId, campaign } = await customer(3_000, 3_000);
    await ctx.db.update(accounts).set({ sendRatePerHour: 6_000 }).where(eq(accounts.id, accountId));
    await sendCampaign({ ctx: { ...owner, transfers: transfersQueue() }, input: { id: campaign.id } });
    const delivery: { body: DeliveryMessage; delaySeconds?: number }[] = [];
    const queue = {
      send: async () => undefined,
      sendBatch: async (messages: Iterable<{ body: DeliveryMessage; delaySeconds?: number }>) => {
        delivery.push(...messages);
      },
    };
    const result = await fanOutCampaign({
      ctx: { ...ctx, delivery: queue, transfers: transfersQueue() },
      input: { accountId, campaignId: campaign.id },
      budgetMs: BUDGET,
    });
    // 6,000 an hour is 100 a minute: after ten minutes' worth, it waits.
    expect(result.done).toBe(false);
    const delays = delivery.map((m) => m.delaySeconds ?? 0);
    expect(delays[0]).toBe(0);
    expect(delays[1]).toBe(60);
    expect(Math.max(...delays)).toBeLessThanOrEqual(11 * 60);
    expect(delivery.length * 100).toBeLessThan(3_000);
  });

  it("pauses itself when the wallet runs dry mid-way, saying why", async () => {
    const { owner, accountId, campaign } = await customer(1_500, 1_500);
    await sendCampaign({ ctx: { ...owner, transfers: transfersQueue() }, input: { id: campaign.id } });
    await adjustCredits({
      ctx: { ...ctx, operator: "test" },
      input: { accountId, wallet: "email", amount: -1_200, reference: `spent-${accountId}` },
    });
    const delivery: DeliveryMessage[] = [];
    await fanOutCampaign({
      ctx: fanOutCtx(delivery),
      input: { accountId, campaignId: campaign.id },
      budgetMs: BUDGET,
    });
    const [row] = await ctx.db.select().from(campaigns).where(eq(campaigns.id, campaign.id));
    expect(row?.status).toBe("paused");
    expect(row?.pausedReason).toMatch(/ran out of credits/);
    // The chunk that could not be paid for was not written, and nothing of it was queued.
    expect(recipientIds(delivery)).toHaveLength(0);
    expect(row?.recipientsWritten).toBe(0);
  });

  it("resumes from recipient states: only the pending ones are queued again", async () => {
    const { owner, accountId, campaign } = await customer(250, 250);
    const transfers = transfersQueue();
    const campaignCtx = { ...owner, transfers };
    await sendCampaign({ ctx: campaignCtx, input: { id: campaign.id } });
    await fanOutCampaign({
      ctx: fanOutCtx([]),
      input: { accountId, campaignId: campaign.id },
      budgetMs: BUDGET,
    });
    // 100 went out before the pause.
    await ctx.db.run(sql`update campaign_recipients set status = 'sent' where rowid in (
      select rowid from campaign_recipients where campaign_id = ${campaign.id} order by contact_id limit 100)`);
    await changeCampaignStatus({ ctx: campaignCtx, input: { id: campaign.id, move: "pause" } });
    const whilePaused: DeliveryMessage[] = [];
    await fanOutCampaign({
      ctx: fanOutCtx(whilePaused),
      input: { accountId, campaignId: campaign.id },
      budgetMs: BUDGET,
    });
    expect(whilePaused).toEqual([]);
    await changeCampaignStatus({ ctx: campaignCtx, input: { id: campaign.id, move: "resume" } });
    expect(transfers.sent.at(-1)).toEqual({ kind: "campaign_fan_out", accountId, campaignId: campaign.id });
    const requeued: DeliveryMessage[] = [];
    await fanOutCampaign({
      ctx: fanOutCtx(requeued),
      input: { accountId, campaignId: campaign.id },
      budgetMs: BUDGET,
    });
    const pending = await ctx.db
      .select({ id: campaignRecipients.contactId })
      .from(campaignRecipients)
      .where(and(eq(campaignRecipients.campaignId, campaign.id), eq(campaignRecipients.status, "pending")));
    expect(recipientIds(requeued).sort()).toEqual(pending.map((p) => p.id).sort());
    expect(pending).toHaveLength(150);
  });

  it("cancels: the pending recipients' credits come back in one entry, once", async () => {
    const { owner, accountId, campaign } = await customer(300, 300);
    const campaignCtx = { ...owner, transfers: transfersQueue() };
    await sendCampaign({ ctx: campaignCtx, input: { id: campaign.id } });
    await fanOutCampaign({
      ctx: fanOutCtx([]),
      input: { accountId, campaignId: campaign.id },
      budgetMs: BUDGET,
    });
    await ctx.db.run(sql`update campaign_recipients set status = 'sent' where rowid in (
      select rowid from campaign_recipients where campaign_id = ${campaign.id} order by contact_id limit 120)`);
    await changeCampaignStatus({ ctx: campaignCtx, input: { id: campaign.id, move: "cancel" } });
    for (let i = 0; i < 2; i++) {
      await fanOutCampaign({
        ctx: fanOutCtx([]),
        input: { accountId, campaignId: campaign.id },
        budgetMs: BUDGET,
      });
    }
    expect(await ledger(accountId, `campaign-cancelled:${campaign.id}%`)).toEqual([
      { amount: 180, reference: `campaign-cancelled:${campaign.id}` },
    ]);
    await expect(
      changeCampaignStatus({ ctx: campaignCtx, input: { id: campaign.id, move: "resume" } }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("starts a scheduled campaign at its time, and sends one back to draft when its window passed or it cannot start", async () => {
    const due = await customer(2, 10);
    const late = await customer(2, 10);
    const broke = await customer(2, 0);
    const schedule = async (c: { owner: AccountCtx; campaign: { id: string } }) =>
      scheduleCampaign({
        ctx: c.owner,
        input: {
          id: c.campaign.id,
          at: new Date(clock.now.getTime() + 60_000).toISOString(),
          timeZone: "Europe/Zurich",
        },
      });
    for (const c of [due, late, broke]) await schedule(c);
    // The late one's time was 25 hours ago (the platform was down, or restored from a snapshot).
    await ctx.db
      .update(campaigns)
      .set({ scheduledAt: new Date(clock.now.getTime() - 25 * 3600_000) })
      .where(eq(campaigns.id, late.campaign.id));
    const transfers = transfersQueue();
    const saved = clock.now;
    clock.now = new Date(saved.getTime() + 120_000);
    try {
      await startScheduledCampaigns({
        ctx: { ...ctx, transfers },
        input: { cursor: null, budget: { rows: 100, deadline: Date.now() + 60_000 } },
      });
    } finally {
      clock.now = saved;
    }
    const state = async (id: string) =>
      (await ctx.db.select().from(campaigns).where(eq(campaigns.id, id)))[0];
    expect(await state(due.campaign.id)).toMatchObject({ status: "sending", audienceSize: 2 });
    expect(await state(late.campaign.id)).toMatchObject({
      status: "draft",
      pausedReason: expect.stringMatching(/within 24 hours/),
    });
    expect(await state(broke.campaign.id)).toMatchObject({
      status: "draft",
      pausedReason: expect.stringMatching(/email credits/),
    });
    expect(transfers.sent).toEqual([
      { kind: "campaign_fan_out", accountId: due.accountId, campaignId: due.campaign.id },
    ]);
  });
});
