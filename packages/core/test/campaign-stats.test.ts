import type { DeliveryMessage } from "@edgepost/contracts";
import {
  campaignEvents,
  campaignLinkStats,
  campaignRecipients,
  campaigns,
  contacts,
  dailyStats,
  messages,
  newId,
  suppressions,
} from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getCampaignStats } from "../src/campaign-stats/get-campaign-stats";
import { getDailyStats } from "../src/campaign-stats/get-daily-stats";
import { isMachineClick, isMachineOpen } from "../src/campaign-stats/machine-agents";
import {
  type CampaignEventMessage,
  recordCampaignEvents,
} from "../src/campaign-stats/record-campaign-events";
import type { AccountCtx } from "../src/context";
import { recordOutcomes } from "../src/delivery/record-outcomes";
import { type ReportedEvent, recordProviderEvents } from "../src/delivery/record-provider-events";
import { collectingQueue, freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-12-08T10:00:00Z") };
const ctx = await freshCtx(clock);
const T0 = clock.now.getTime();
const HOUR = 3_600_000;

/** Every request the libSQL client makes is one round trip to the database. */
let roundTrips = 0;
const client = ctx.db.$client;
for (const method of ["execute", "batch", "transaction", "executeMultiple"] as const) {
  const original = client[method].bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    roundTrips++;
    return original(...args);
  };
}

const LINKS = ["https://shop.example/a", "https://shop.example/b", "https://shop.example/c"];

/** A sending campaign of a new account with `n` recipients, each sent at `T0` with a provider id. */
async function sendingCampaign(n: number) {
  const owner = await newAccount(ctx);
  const accountId = owner.principal.accountId;
  const campaignId = newId("cmp");
  await ctx.db.insert(campaigns).values({
    id: campaignId,
    accountId,
    channel: "email",
    name: "December",
    status: "sending",
    audience: { lists: [], segments: [], excludeLists: [], excludeSegments: [] },
    trackOpens: true,
    trackClicks: true,
    links: LINKS,
    createdAt: clock.now,
    updatedAt: clock.now,
  });
  const people = Array.from({ length: n }, () => ({
    id: newId("con"),
    accountId,
    email: `${crypto.randomUUID()}@example.com`,
    createdAt: clock.now,
    updatedAt: clock.now,
  }));
  await ctx.db.insert(contacts).values(people);
  await ctx.db.insert(campaignRecipients).values(
    people.map((p) => ({
      campaignId,
      contactId: p.id,
      accountId,
      status: "sent" as const,
      sentAt: clock.now,
      providerMessageId: `pm-${crypto.randomUUID()}`,
    })),
  );
  const recipients = await ctx.db
    .select()
    .from(campaignRecipients)
    .where(eq(campaignRecipients.campaignId, campaignId));
  const emailOf = new Map(people.map((p) => [p.id, p.email]));
  return {
    owner,
    accountId,
    campaignId,
    recipients: recipients.map((r) => ({ ...r, email: emailOf.get(r.contactId) ?? "" })),
  };
}

function event(
  campaignId: string,
  contactId: string,
  type: "opened" | "clicked",
  at: number,
  extra: Partial<CampaignEventMessage> = {},
): CampaignEventMessage {
  return {
    kind: "campaign_event",
    id: newId("cev", at),
    campaignId,
    contactId,
    type,
    ...(type === "clicked" ? { link: 0 } : {}),
    machine: false,
    at,
    ...extra,
  };
}

async function rollups(accountId: string, campaignId: string) {
  return ctx.db
    .select()
    .from(dailyStats)
    .where(and(eq(dailyStats.accountId, accountId), eq(dailyStats.campaignId, campaignId)))
    .orderBy(dailyStats.day);
}

async function linkStats(campaignId: string) {
  return ctx.db
    .select({
      link: campaignLinkStats.link,
      clicksUnique: campaignLinkStats.clicksUnique,
      clicksTotal: campaignLinkStats.clicksTotal,
    })
    .from(campaignLinkStats)
    .where(eq(campaignLinkStats.campaignId, campaignId))
    .orderBy(campaignLinkStats.link);
}

describe("machine opens and clicks, by what the request says of itself", () => {
  it("takes Apple's privacy proxy and security gateways for machines, and mail clients for people", () => {
    expect(isMachineOpen("Mozilla/5.0")).toBe(true);
    expect(isMachineOpen(undefined)).toBe(true);
    expect(isMachineOpen("Mozilla/5.0 (compatible; Barracuda Sentinel)")).toBe(true);
    expect(
      isMachineOpen(
        "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)",
      ),
    ).toBe(false);
    expect(isMachineOpen("YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html")).toBe(
      false,
    );
    expect(
      isMachineOpen(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)",
      ),
    ).toBe(false);
    expect(isMachineOpen("Mozilla/4.0 (compatible; ms-office; MSOffice 16)")).toBe(false);
  });

  it("takes HEAD requests, scanners and HTTP libraries for machines, and browsers for people", () => {
    const browser =
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    expect(isMachineClick("GET", browser)).toBe(false);
    expect(isMachineClick("HEAD", browser)).toBe(true);
    for (const agent of [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b",
      "Proofpoint URL Defense",
      "Mimecast-URL-Protect",
      "curl/8.5.0",
      "python-requests/2.32.3",
      "Go-http-client/2.0",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "",
    ]) {
      expect(isMachineClick("GET", agent), agent).toBe(true);
    }
    expect(
      isMachineClick("GET", "Mozilla/5.0 (Linux; Android 9; CUBOT X20) AppleWebKit/537.36 Chrome/120"),
    ).toBe(false);
  });
});

describe("the campaign event writer", () => {
  it("writes a batch in one round trip into raw events, first opens and clicks, and the day's rollups", async () => {
    const { accountId, campaignId, recipients } = await sendingCampaign(3);
    const [ann, bob, cid] = recipients.map((r) => r.contactId) as [string, string, string];
    const later = T0 + HOUR;
    const batch = [
      event(campaignId, ann, "opened", later),
      event(campaignId, ann, "opened", later + 1000),
      event(campaignId, bob, "opened", later, { machine: true, userAgent: "Mozilla/5.0" }),
      // Right after sending: a prefetch, whoever it claims to be.
      event(campaignId, cid, "opened", T0 + 2000, { userAgent: "Mozilla/5.0 (iPhone)" }),
      event(campaignId, ann, "clicked", later + 2000, { link: 1 }),
      event(campaignId, ann, "clicked", later + 3000, { link: 1 }),
      event(campaignId, ann, "clicked", later + 4000, { link: 2 }),
      event(campaignId, bob, "clicked", later + 5000, { link: 1 }),
      event(campaignId, cid, "clicked", later, { link: 0, machine: true }),
      // Not counted: a link the campaign does not have, a contact it was not sent to, no such campaign.
      event(campaignId, cid, "clicked", later, { link: 3 }),
      event(campaignId, newId("con"), "opened", later),
      event(newId("cmp"), ann, "opened", later),
    ];
    roundTrips = 0;
    expect(await recordCampaignEvents({ ctx, input: batch })).toEqual({ recorded: 9 });
    expect(roundTrips).toBe(1);

    expect(await rollups(accountId, campaignId)).toEqual([
      expect.objectContaining({
        day: "2026-12-08",
        opensUnique: 1,
        opensTotal: 2,
        opensMachine: 2,
        clicksUnique: 2,
        clicksTotal: 4,
        clicksMachine: 1,
      }),
    ]);
    expect(await linkStats(campaignId)).toEqual([
      { link: 1, clicksUnique: 2, clicksTotal: 3 },
      { link: 2, clicksUnique: 1, clicksTotal: 1 },
    ]);
    const rows = new Map(
      (
        await ctx.db.select().from(campaignRecipients).where(eq(campaignRecipients.campaignId, campaignId))
      ).map((r) => [r.contactId, r]),
    );
    expect(rows.get(ann)).toMatchObject({ openedAt: new Date(later), clickedAt: new Date(later + 2000) });
    expect(rows.get(bob)).toMatchObject({ openedAt: null, machineOpenedAt: new Date(later) });
    expect(rows.get(cid)).toMatchObject({
      openedAt: null,
      machineOpenedAt: new Date(T0 + 2000),
      clickedAt: null,
    });
    const raw = await ctx.db.select().from(campaignEvents).where(eq(campaignEvents.campaignId, campaignId));
    expect(raw.filter((e) => e.machine)).toHaveLength(3);
    expect(raw.every((e) => e.accountId === accountId)).toBe(true);

    // A later batch: Ann's opens are no longer unique, Cid's first human open is.
    await recordCampaignEvents({
      ctx,
      input: [event(campaignId, ann, "opened", later + HOUR), event(campaignId, cid, "opened", later + HOUR)],
    });
    expect(await rollups(accountId, campaignId)).toEqual([
      expect.objectContaining({ opensUnique: 2, opensTotal: 4, opensMachine: 2 }),
    ]);
  });

  it("counts nothing twice when the queue delivers a batch again, whole or in part", async () => {
    const { accountId, campaignId, recipients } = await sendingCampaign(2);
    const [ann, bob] = recipients.map((r) => r.contactId) as [string, string];
    const first = [
      event(campaignId, ann, "opened", T0 + HOUR),
      event(campaignId, ann, "clicked", T0 + HOUR, { link: 0 }),
    ];
    await recordCampaignEvents({ ctx, input: first });
    const once = await rollups(accountId, campaignId);
    expect(await recordCampaignEvents({ ctx, input: first })).toEqual({ recorded: 0 });
    expect(await rollups(accountId, campaignId)).toEqual(once);
    const second = event(campaignId, bob, "opened", T0 + HOUR);
    expect(await recordCampaignEvents({ ctx, input: [...first, second, second] })).toEqual({ recorded: 1 });
    expect(await rollups(accountId, campaignId)).toEqual([
      expect.objectContaining({ opensUnique: 2, opensTotal: 2, clicksUnique: 1, clicksTotal: 1 }),
    ]);
    expect(await linkStats(campaignId)).toEqual([{ link: 0, clicksUnique: 1, clicksTotal: 1 }]);
  });

  /** A small seeded PRNG (mulberry32): the same seed, the same sequence, so a failure can be replayed. */
  function prng(seed: number) {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** What the rollups must say, recounted from the raw events alone. */
  async function recount(campaignId: string) {
    const raw = (
      await ctx.db.select().from(campaignEvents).where(eq(campaignEvents.campaignId, campaignId))
    ).sort((x, y) => x.occurredAt.getTime() - y.occurredAt.getTime() || x.id.localeCompare(y.id));
    const days = new Map<string, Record<string, number>>();
    const links = new Map<number, { clicksUnique: number; clicksTotal: number }>();
    const seen = new Set<string>();
    for (const e of raw) {
      const day = e.occurredAt.toISOString().slice(0, 10);
      const d = days.get(day) ?? {
        opensUnique: 0,
        opensTotal: 0,
        opensMachine: 0,
        clicksUnique: 0,
        clicksTotal: 0,
        clicksMachine: 0,
      };
      days.set(day, d);
      const kind = e.type === "opened" ? "opens" : "clicks";
      if (e.machine) {
        d[`${kind}Machine`]! += 1;
        continue;
      }
      d[`${kind}Total`]! += 1;
      if (!seen.has(`${e.type}:${e.contactId}`)) d[`${kind}Unique`]! += 1;
      seen.add(`${e.type}:${e.contactId}`);
      if (e.type === "clicked" && e.link !== null) {
        const l = links.get(e.link) ?? { clicksUnique: 0, clicksTotal: 0 };
        l.clicksTotal++;
        if (!seen.has(`link:${e.link}:${e.contactId}`)) l.clicksUnique++;
        seen.add(`link:${e.link}:${e.contactId}`);
        links.set(e.link, l);
      }
    }
    return {
      days: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, d]) => ({ day, ...d })),
      links: [...links].sort(([a], [b]) => a - b).map(([link, l]) => ({ link, ...l })),
    };
  }

  it.each([1, 2, 3, 4, 5, 6])(
    "keeps rollups equal to a recount from raw events, over random batches with redeliveries (seed %i)",
    async (seed) => {
      const random = prng(seed);
      const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
      const { accountId, campaignId, recipients } = await sendingCampaign(6);
      const people = [...recipients.map((r) => r.contactId), newId("con")];
      // Three days of events in time order, some within seconds of sending, some by machines.
      let at = T0 + 1000;
      const all: CampaignEventMessage[] = [];
      for (let i = 0; i < 150; i++) {
        at += random() < 0.1 ? 2000 : Math.floor(random() * 2 * HOUR);
        const type = random() < 0.5 ? "opened" : "clicked";
        all.push(
          event(campaignId, pick(people), type, at, {
            machine: random() < 0.2,
            ...(type === "clicked" ? { link: Math.floor(random() * (LINKS.length + 1)) } : {}),
          }),
        );
      }
      for (let start = 0; start < all.length; ) {
        const size = 1 + Math.floor(random() * 20);
        const batch = all.slice(start, start + size);
        // The queue may deliver messages of the batch before again, or one twice in a batch.
        const redelivered = all.slice(Math.max(0, start - 5), start).filter(() => random() < 0.5);
        const doubled = batch.filter(() => random() < 0.1);
        await recordCampaignEvents({ ctx, input: [...redelivered, ...batch, ...doubled] });
        start += size;
      }
      const expected = await recount(campaignId);
      const rows = await rollups(accountId, campaignId);
      expect(
        rows.map(
          ({ day, opensUnique, opensTotal, opensMachine, clicksUnique, clicksTotal, clicksMachine }) => ({
            day,
            opensUnique,
            opensTotal,
            opensMachine,
            clicksUnique,
            clicksTotal,
            clicksMachine,
          }),
        ),
      ).toEqual(expected.days);
      expect(await linkStats(campaignId)).toEqual(expected.links);
      expect(expected.days.length).toBeGreaterThan(1);
    },
  );
});

/** A provider's report about a message, as the webhook routes hand it over. */
function report(providerMessageId: string, type: ReportedEvent["type"], recipient: string, at = clock.now) {
  return {
    provider: "resend",
    providerMessageId,
    type,
    recipient,
    occurredAt: at,
    providerEventId: crypto.randomUUID(),
    detail: type,
  } satisfies ReportedEvent;
}

describe("provider reports about campaign messages", () => {
  it("write campaign events and the campaign's rollups once, suppress a hard bounce, in two round trips", async () => {
    const { accountId, campaignId, recipients } = await sendingCampaign(3);
    const [a, b, c] = recipients as [
      (typeof recipients)[number],
      (typeof recipients)[number],
      (typeof recipients)[number],
    ];
    const reports = [
      report(a.providerMessageId!, "delivered", a.email),
      report(b.providerMessageId!, "bounced", b.email),
      report(c.providerMessageId!, "soft_bounced", c.email),
      report(c.providerMessageId!, "complained", c.email, new Date(T0 + 24 * HOUR)),
      report("not-ours", "delivered", "x@example.com"),
    ];
    const queued: DeliveryMessage[] = [];
    const providerCtx = { ...ctx, delivery: collectingQueue(queued) };
    roundTrips = 0;
    expect(await recordProviderEvents({ ctx: providerCtx, input: reports })).toEqual({
      recorded: 4,
      unknown: 1,
    });
    expect(roundTrips).toBe(2);
    // The provider repeats itself: nothing more is counted.
    await recordProviderEvents({ ctx: providerCtx, input: reports });
    expect(await rollups(accountId, campaignId)).toEqual([
      expect.objectContaining({
        day: "2026-12-08",
        delivered: 1,
        hardBounces: 1,
        softBounces: 1,
        complaints: 0,
      }),
      expect.objectContaining({ day: "2026-12-09", delivered: 0, complaints: 1 }),
    ]);
    const raw = await ctx.db.select().from(campaignEvents).where(eq(campaignEvents.campaignId, campaignId));
    expect(raw.map((e) => e.type).sort()).toEqual(["bounced", "complained", "delivered", "soft_bounced"]);
    const suppressed = await ctx.db.select().from(suppressions).where(eq(suppressions.accountId, accountId));
    expect(suppressed.map((s) => [s.email, s.reason]).sort()).toEqual(
      [
        [b.email, "hard_bounce"],
        [c.email, "complaint"],
      ].sort(),
    );
    expect(queued).toEqual([]);
  });

  it("count transactional email per day under campaign '': sent and failed outcomes, then delivery reports", async () => {
    const owner = await newAccount(ctx);
    const accountId = owner.principal.accountId;
    const claim = newId("clm");
    const ids = [newId("msg"), newId("msg"), newId("msg")];
    await ctx.db.insert(messages).values(
      ids.map((id, i) => ({
        id,
        accountId,
        channel: "email" as const,
        category: i === 2 ? ("system" as const) : ("transactional" as const),
        fromAddress: "hi@shop.example",
        toAddress: `r${i}@example.com`,
        subject: "s",
        text: "t",
        status: "sending" as const,
        claim,
        createdAt: clock.now,
      })),
    );
    const delivery = collectingQueue();
    const outcomes = [
      { id: ids[0]!, status: "sent" as const, providerMessageId: `pm-${ids[0]}`, error: null },
      { id: ids[1]!, status: "failed" as const, error: "refused" },
      { id: ids[2]!, status: "sent" as const, providerMessageId: `pm-${ids[2]}`, error: null },
    ];
    await recordOutcomes({ ...ctx, delivery }, claim, outcomes);
    // Recorded again a moment later (the write was retried): the claim's changes do not land twice.
    clock.now = new Date(T0 + 1);
    await recordOutcomes({ ...ctx, delivery }, claim, outcomes);
    clock.now = new Date(T0);
    await ctx.db.update(messages).set({ provider: "resend" }).where(eq(messages.accountId, accountId));
    const delivered = report(`pm-${ids[0]}`, "delivered", "r0@example.com");
    await recordProviderEvents({ ctx: { ...ctx, delivery }, input: [delivered, delivered] });
    // The platform's own email to the account is not the account's sending.
    await recordProviderEvents({
      ctx: { ...ctx, delivery },
      input: [report(`pm-${ids[2]}`, "delivered", "r2@example.com")],
    });
    expect(await rollups(accountId, "")).toEqual([
      expect.objectContaining({ day: "2026-12-08", sent: 1, failures: 1, delivered: 1 }),
    ]);
    const stats = await getDailyStats({ ctx: owner, input: { from: "2026-12-07", to: "2026-12-08" } });
    expect(stats.days.map((d) => [d.day, d.transactional.sent, d.transactional.delivered])).toEqual([
      ["2026-12-07", 0, 0],
      ["2026-12-08", 1, 1],
    ]);
  });
});

describe("auto-pause", () => {
  /** A campaign whose rollups already hold these figures over two days, as if reported before. */
  async function campaignWith(figures: { delivered: number; hardBounces?: number; complaints?: number }) {
    const campaign = await sendingCampaign(2);
    const half = Math.floor(figures.delivered / 2);
    await ctx.db.insert(dailyStats).values([
      { accountId: campaign.accountId, campaignId: campaign.campaignId, day: "2026-12-07", delivered: half },
      {
        accountId: campaign.accountId,
        campaignId: campaign.campaignId,
        day: "2026-12-08",
        delivered: figures.delivered - half,
        hardBounces: figures.hardBounces ?? 0,
        complaints: figures.complaints ?? 0,
      },
    ]);
    return campaign;
  }

  async function statusOf(campaignId: string) {
    const [row] = await ctx.db
      .select({ status: campaigns.status, pausedReason: campaigns.pausedReason })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId));
    return row;
  }

  it("pauses a campaign whose hard bounces pass 5 % of 1,000 deliveries, and emails its owner once", async () => {
    const { owner, campaignId, recipients } = await campaignWith({ delivered: 1000, hardBounces: 50 });
    const [a] = recipients as [(typeof recipients)[number]];
    const queued: DeliveryMessage[] = [];
    const providerCtx = { ...ctx, delivery: collectingQueue(queued) };
    await recordProviderEvents({
      ctx: providerCtx,
      input: [report(a.providerMessageId!, "bounced", a.email)],
    });
    expect(await statusOf(campaignId)).toEqual({
      status: "paused",
      pausedReason: "Paused automatically: hard bounces 5.10 % (51 of 1000 delivered) over the 5 % limit",
    });
    const [notice] = queued;
    expect(queued).toHaveLength(1);
    expect(notice).toMatchObject({ kind: "email", accountId: owner.principal.accountId });
    const [email] = await ctx.db
      .select()
      .from(messages)
      .where(eq(messages.id, (notice as { messageId: string }).messageId));
    expect(email).toMatchObject({ category: "system", subject: 'Your campaign "December" was paused' });
    expect(email?.text).toContain("51 of 1000 delivered");
    // More bounces later: it is paused already, nobody is emailed again.
    await recordProviderEvents({
      ctx: providerCtx,
      input: [report(a.providerMessageId!, "bounced", a.email)],
    });
    expect(queued).toHaveLength(1);
    const stats = await getCampaignStats({ ctx: owner, input: { id: campaignId } });
    expect(stats).toMatchObject({ status: "paused", totals: { delivered: 1000, hardBounces: 52 } });
  });

  it("does not pause at exactly the limit, nor before 1,000 deliveries, however high the rate", async () => {
    const atLimit = await campaignWith({ delivered: 1000, hardBounces: 49 });
    const few = await campaignWith({ delivered: 998, hardBounces: 400, complaints: 100 });
    const delivery = collectingQueue();
    for (const c of [atLimit, few]) {
      const [a] = c.recipients as [(typeof c.recipients)[number]];
      await recordProviderEvents({
        ctx: { ...ctx, delivery },
        input: [report(a.providerMessageId!, c === few ? "delivered" : "bounced", a.email)],
      });
    }
    expect(await statusOf(atLimit.campaignId)).toEqual({ status: "sending", pausedReason: null });
    expect(await statusOf(few.campaignId)).toEqual({ status: "sending", pausedReason: null });
    // The thousandth delivery: now the rates count.
    const [, b] = few.recipients as [unknown, (typeof few.recipients)[number]];
    await recordProviderEvents({
      ctx: { ...ctx, delivery },
      input: [report(b.providerMessageId!, "delivered", b.email)],
    });
    expect((await statusOf(few.campaignId))?.pausedReason).toBe(
      "Paused automatically: hard bounces 40.00 % (400 of 1000 delivered) over the 5 % limit; complaints 10.00 % (100 of 1000 delivered) over the 0.3 % limit",
    );
  });

  it("pauses on complaints past 0.3 %, and at the operator's thresholds when configured", async () => {
    const complaints = await campaignWith({ delivered: 2000, complaints: 6 });
    const lenient = await campaignWith({ delivered: 2000, complaints: 6 });
    const delivery = collectingQueue();
    const complain = (
      c: typeof complaints,
      autoPause?: { hardBounceRate: number; complaintRate: number },
    ) => {
      const [a] = c.recipients as [(typeof c.recipients)[number]];
      return recordProviderEvents({
        ctx: { ...ctx, delivery, ...(autoPause ? { autoPause } : {}) },
        input: [report(a.providerMessageId!, "complained", a.email)],
      });
    };
    await complain(complaints);
    await complain(lenient, { hardBounceRate: 0.05, complaintRate: 0.01 });
    expect((await statusOf(complaints.campaignId))?.pausedReason).toBe(
      "Paused automatically: complaints 0.35 % (7 of 2000 delivered) over the 0.3 % limit",
    );
    expect(await statusOf(lenient.campaignId)).toEqual({ status: "sending", pausedReason: null });
  });
});

describe("campaign statistics", () => {
  it("shows totals, the daily series and each tracked link with its URL, to the account alone", async () => {
    const { owner, campaignId, recipients } = await sendingCampaign(2);
    const [ann] = recipients.map((r) => r.contactId) as [string];
    await recordCampaignEvents({
      ctx,
      input: [
        event(campaignId, ann, "opened", T0 + HOUR),
        event(campaignId, ann, "clicked", T0 + HOUR, { link: 2 }),
        event(campaignId, ann, "opened", T0 + 25 * HOUR),
      ],
    });
    const stats = await getCampaignStats({ ctx: owner, input: { id: campaignId } });
    expect(stats.totals).toMatchObject({ opensUnique: 1, opensTotal: 2, clicksUnique: 1, clicksTotal: 1 });
    expect(stats.daily.map((d) => [d.day, d.opensTotal])).toEqual([
      ["2026-12-08", 1],
      ["2026-12-09", 1],
    ]);
    expect(stats.links).toEqual([
      { index: 0, url: LINKS[0], clicksUnique: 0, clicksTotal: 0 },
      { index: 1, url: LINKS[1], clicksUnique: 0, clicksTotal: 0 },
      { index: 2, url: LINKS[2], clicksUnique: 1, clicksTotal: 1 },
    ]);
    const stranger: AccountCtx = await newAccount(ctx);
    await expect(getCampaignStats({ ctx: stranger, input: { id: campaignId } })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
