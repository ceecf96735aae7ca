import { accounts, campaignRecipients, contacts, listMemberships, newId } from "@edgepost/db";
import { createNodeDb } from "@edgepost/db/node";
import { startResendSink } from "@edgepost/local-stack/resend-sink";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useLocalStack } from "./local-stack";

const RECIPIENTS = 20_000;
const sink = await startResendSink("re_campaigns");
afterAll(() => sink.close());
const local = useLocalStack({
  bindings: { RETRY_BASE_SECONDS: "1", OUTBOUND_ALLOW: new URL(sink.endpoint).host },
});

async function api(path: string, init: { method?: string; body?: unknown; key?: string } = {}) {
  const { info } = local.stack();
  const res = await fetch(`${info.api}${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", authorization: `Bearer ${init.key ?? info.apiKey}` },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the expectations check the shape of what came back
  return { status: res.status, body: (await res.json()) as any };
}

const resend = () => `resend://re_campaigns@api.resend.com?endpoint=${encodeURIComponent(sink.endpoint)}`;
const useProvider = async (query: string) =>
  expect(
    (
      await api("/v1/account/email-provider", {
        method: "PUT",
        body: { url: `fault://?inner=${encodeURIComponent(resend())}&${query}` },
      })
    ).status,
  ).toBe(200);

/** A list of `n` subscribed contacts, written straight to the database (an import's result). */
async function listOf(n: number, name: string): Promise<string> {
  const { info, database } = local.stack();
  const list = await api("/v1/lists", { method: "POST", body: { name, doubleOptIn: false } });
  const db = createNodeDb(database);
  try {
    const now = new Date();
    for (let start = 0; start < n; start += 500) {
      const rows = Array.from({ length: Math.min(500, n - start) }, (_, i) => ({
        id: newId("con"),
        accountId: info.accountId,
        email: `${name}-${start + i}@example.com`,
        attributes: { first_name: `R${start + i}` },
        createdAt: now,
        updatedAt: now,
      }));
      await db.batch([
        db.insert(contacts).values(rows),
        db.insert(listMemberships).values(
          rows.map((c) => ({
            accountId: info.accountId,
            listId: list.body.id as string,
            contactId: c.id,
            status: "subscribed" as const,
            createdAt: now,
            updatedAt: now,
          })),
        ),
      ]);
    }
  } finally {
    db.$client.close();
  }
  return list.body.id;
}

async function startCampaign(listId: string, name: string): Promise<string> {
  const { info } = local.stack();
  const created = await api("/v1/campaigns", {
    method: "POST",
    body: {
      name,
      audience: { lists: [listId] },
      sender: { email: `news@${info.senderDomain}` },
      subject: `${name} for {{ contact.first_name }}`,
      html: `<p>Hello {{ contact.first_name }}</p><a href="https://shop.example.com/">Shop</a>`,
    },
  });
  expect(created.status).toBe(201);
  expect((await api(`/v1/campaigns/${created.body.id}/send`, { method: "POST" })).status).toBe(202);
  return created.body.id;
}

async function statuses(campaignId: string): Promise<Record<string, number>> {
  const db = createNodeDb(local.stack().database);
  try {
    const rows = await db
      .select({ status: campaignRecipients.status, n: sql<number>`count(*)` })
      .from(campaignRecipients)
      .where(eq(campaignRecipients.campaignId, campaignId))
      .groupBy(campaignRecipients.status);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  } finally {
    db.$client.close();
  }
}

async function until(what: string, test: () => Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  const { info, database } = local.stack();
  const db = createNodeDb(database);
  // A subscription's API rate limit, and a sending rate that does not pace a test's campaign.
  await db
    .update(accounts)
    .set({ plan: "subscription", sendRatePerHour: 100_000_000 })
    .where(eq(accounts.id, info.accountId));
  db.$client.close();
  await api("/v1/contact-fields", {
    method: "POST",
    body: { key: "first_name", label: "First name", type: "text" },
  });
  const credits = await api(`/operator/v1/accounts/${info.accountId}/credits`, {
    method: "POST",
    key: info.operatorKey,
    body: { wallet: "email", amount: RECIPIENTS + 5_000, reference: "campaign-reliability" },
  });
  expect(credits.status).toBe(200);
}, 120_000);

describe("a campaign under failure", () => {
  it(
    "sends each of 20,000 recipients once or fails it with a reason, through transient failures, lost answers, crashes, duplicated queue messages and a pause",
    async () => {
      const { info, database } = local.stack();
      // 30 % of provider calls fail transiently, 3 % lose the answer after the provider took the
      // batch, 2 % kill the worker right after it did.
      await useProvider("transient=0.3&lost=0.03&crash=0.02");
      const listId = await listOf(RECIPIENTS, "rel");
      const second = await local.stack().startSecondDeliveryWorker();
      const db = createNodeDb(database);
      try {
        const id = await startCampaign(listId, "Reliability");
        await until(
          "the fan-out",
          async () => (await api(`/v1/campaigns/${id}`)).body.recipientsWritten === RECIPIENTS,
          120_000,
        );
        // Every recipient's queue message is delivered a second time, to another worker, cut into
        // other batches (the second half of one with the first half of the next).
        const ids = (
          await db
            .select({ id: campaignRecipients.contactId })
            .from(campaignRecipients)
            .where(eq(campaignRecipients.campaignId, id))
            .orderBy(campaignRecipients.contactId)
        ).map((r) => r.id);
        for (let start = 50; start < ids.length; start += 100 * 50) {
          const messages = [];
          for (let i = start; i < Math.min(ids.length, start + 100 * 50); i += 100) {
            messages.push({
              body: {
                kind: "campaign",
                accountId: info.accountId,
                campaignId: id,
                contactIds: ids.slice(i, i + 100),
              },
            });
          }
          await second.queue.sendBatch(messages);
        }

        // Half-way, a pause: within seconds nobody new is claimed or sent.
        await until(
          "half of it sent",
          async () => ((await statuses(id)).sent ?? 0) >= RECIPIENTS / 2,
          600_000,
        );
        expect((await api(`/v1/campaigns/${id}/pause`, { method: "POST" })).body.status).toBe("paused");
        // The calls in flight settle (a delivery "killed" mid-call leaves its recipients claimed
        // until the resume takes them over); after that, nothing moves.
        await new Promise((r) => setTimeout(r, 4_000));
        const paused = await statuses(id);
        await new Promise((r) => setTimeout(r, 5_000));
        expect(await statuses(id)).toEqual(paused);
        expect(paused.pending ?? 0).toBeGreaterThan(0);

        expect((await api(`/v1/campaigns/${id}/resume`, { method: "POST" })).body.status).toBe("sending");
        await until(
          "the campaign to finish",
          async () => (await api(`/v1/campaigns/${id}`)).body.status === "sent",
          900_000,
        );

        const rows = await db
          .select({
            id: campaignRecipients.contactId,
            status: campaignRecipients.status,
            error: campaignRecipients.error,
          })
          .from(campaignRecipients)
          .where(eq(campaignRecipients.campaignId, id));
        expect(rows).toHaveLength(RECIPIENTS);
        const sent = rows.filter((r) => r.status === "sent");
        const failed = rows.filter((r) => r.status === "failed");
        expect(sent.length + failed.length).toBe(RECIPIENTS);
        for (const row of sent) expect(sink.deliveries.get(`${id}.${row.id}`), row.id).toBe(1);
        for (const row of failed) {
          expect(row.error).toMatch(/^gave up: the retries of edgepost-delivery ran out/);
          expect(sink.deliveries.get(`${id}.${row.id}`) ?? 0).toBeLessThanOrEqual(1);
        }
        const [stats] = await db.all<{ sent: number; failures: number }>(
          sql`select sum(sent) as sent, sum(failures) as failures from daily_stats where campaign_id = ${id}`,
        );
        expect(stats).toEqual({ sent: sent.length, failures: failed.length });
        const [spent] = await db.all<{ n: number }>(
          sql`select -sum(amount) as n from credit_ledger where reference like ${`campaign:${id}:%`}`,
        );
        expect(spent?.n).toBe(RECIPIENTS);
        console.log(
          `campaign reliability: ${sent.length} sent, ${failed.length} failed, ${sink.requests()} provider calls, ${sink.replays()} replayed`,
        );
        expect(sink.replays()).toBeGreaterThan(0);
        expect(sent.length).toBeGreaterThan(RECIPIENTS * 0.95);
      } finally {
        db.$client.close();
        await second.close();
      }
    },
    20 * 60_000,
  );

  it(
    "cancelled half-way, gives back exactly the credits of the recipients it did not send",
    async () => {
      const { info, database } = local.stack();
      await useProvider("latencyMs=300");
      const n = 3_000;
      const listId = await listOf(n, "cancel");
      const db = createNodeDb(database);
      try {
        const id = await startCampaign(listId, "Cancelled");
        await until("some sent", async () => ((await statuses(id)).sent ?? 0) >= 300, 300_000);
        expect((await api(`/v1/campaigns/${id}/cancel`, { method: "POST" })).body.status).toBe("cancelled");
        await until(
          "nothing pending or claimed",
          async () => {
            const now = await statuses(id);
            return !now.pending && !now.claimed;
          },
          120_000,
        );
        const final = await statuses(id);
        expect((final.sent ?? 0) + (final.failed ?? 0) + (final.cancelled ?? 0)).toBe(n);
        expect(final.cancelled ?? 0).toBeGreaterThan(0);
        const [ledger] = await db.all<{ spent: number; refunded: number; refunds: number }>(sql`
          select
            (select -sum(amount) from credit_ledger where account_id = ${info.accountId} and reference like ${`campaign:${id}:%`}) as spent,
            (select sum(amount) from credit_ledger where account_id = ${info.accountId} and reference like ${`campaign-cancelled:${id}%`}) as refunded,
            (select count(*) from credit_ledger where account_id = ${info.accountId} and reference like ${`campaign-cancelled:${id}%`}) as refunds`);
        expect(ledger?.spent).toBe(n);
        expect(ledger?.refunded).toBe(final.cancelled);
        expect(ledger?.refunds).toBe(1);
        const again = await api(`/v1/campaigns/${id}/resume`, { method: "POST" });
        expect(again.status).toBe(409);
        const [recount] = await db
          .select({ n: sql<number>`count(*)` })
          .from(campaignRecipients)
          .where(and(eq(campaignRecipients.campaignId, id), eq(campaignRecipients.status, "cancelled")));
        expect(recount?.n).toBe(final.cancelled);
      } finally {
        db.$client.close();
      }
    },
    10 * 60_000,
  );
});
