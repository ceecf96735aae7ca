import { accounts, messages } from "@edgepost/db";
import { createNodeDb } from "@edgepost/db/node";
import { startResendSink } from "@edgepost/local-stack/resend-sink";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useLocalStack } from "./local-stack";

const MESSAGES = 10_000;
const sink = await startResendSink("re_reliability");
afterAll(() => sink.close());
/**
 * Retries come back after 1 s, 2 s, 4 s … instead of 10 s, 20 s, 40 s: same path, less waiting.
 * The sink is on this machine: the outbound policy lets the account reach it because it is named.
 */
const local = useLocalStack({
  bindings: { RETRY_BASE_SECONDS: "1", OUTBOUND_ALLOW: new URL(sink.endpoint).host },
});

const api = (path: string, init: RequestInit & { key?: string } = {}) => {
  const { info } = local.stack();
  return fetch(`${info.api}${path}`, {
    ...init,
    headers: { "content-type": "application/json", authorization: `Bearer ${init.key ?? info.apiKey}` },
  });
};

beforeAll(async () => {
  const { info, database } = local.stack();
  // A subscription's rate limit (600 requests a minute) lets the 100 batch requests through.
  const db = createNodeDb(database);
  await db.update(accounts).set({ plan: "subscription" }).where(eq(accounts.id, info.accountId));
  db.$client.close();
  const credits = await api(`/operator/v1/accounts/${info.accountId}/credits`, {
    method: "POST",
    key: info.operatorKey,
    body: JSON.stringify({ wallet: "email", amount: MESSAGES, reference: "reliability" }),
  });
  expect(credits.status).toBe(200);
  // The account sends through Resend's API (the sink), wrapped in the fault-injecting provider. A
  // call is a batch of up to 100 messages: 25 % of calls fail transiently before reaching it; in
  // 2 % the worker "dies" right after the provider took the batch, before anything was recorded,
  // and in 3 % the provider's answer is lost.
  const resend = `resend://re_reliability@api.resend.com?endpoint=${encodeURIComponent(sink.endpoint)}`;
  const provider = await api("/v1/account/email-provider", {
    method: "PUT",
    body: JSON.stringify({
      url: `fault://?inner=${encodeURIComponent(resend)}&transient=0.25&crash=0.02&lost=0.03`,
    }),
  });
  expect(provider.status).toBe(200);
}, 120_000);

describe("delivery under failure", () => {
  it(
    "sends each of 10,000 messages exactly once or fails it with a reason, through transient failures and crashes",
    async () => {
      const { info, database } = local.stack();
      const batches = Array.from({ length: MESSAGES / 100 }, (_, b) =>
        Array.from({ length: 100 }, (_, i) => ({
          from: `Reliability <load@${info.senderDomain}>`,
          to: `recipient-${b * 100 + i}@example.com`,
          subject: `Message ${b * 100 + i}`,
          text: `Body of message ${b * 100 + i}`,
        })),
      );
      const accepted: string[] = [];
      for (let start = 0; start < batches.length; start += 4) {
        const answers = await Promise.all(
          batches.slice(start, start + 4).map(async (emails) => {
            const res = await api("/v1/emails/batch", { method: "POST", body: JSON.stringify({ emails }) });
            expect(res.status).toBe(202);
            return ((await res.json()) as { data: { id: string }[] }).data.map((d) => d.id);
          }),
        );
        accepted.push(...answers.flat());
      }
      expect(new Set(accepted).size).toBe(MESSAGES);

      const db = createNodeDb(database);
      try {
        const deadline = Date.now() + 15 * 60_000;
        for (;;) {
          const [open] = await db
            .select({ n: sql<number>`count(*)` })
            .from(messages)
            .where(
              sql`${messages.category} = 'transactional' and ${messages.status} in ('queued', 'sending')`,
            );
          if (open?.n === 0) break;
          if (Date.now() > deadline) throw new Error(`${open?.n} messages still open`);
          await new Promise((r) => setTimeout(r, 1000));
        }
        const rows = await db
          .select({ id: messages.id, status: messages.status, error: messages.error })
          .from(messages)
          .where(sql`${messages.category} = 'transactional'`);
        expect(rows).toHaveLength(MESSAGES);
        const sent = rows.filter((row) => row.status === "sent");
        const failed = rows.filter((row) => row.status === "failed");
        expect(sent.length + failed.length).toBe(MESSAGES);
        // Sent: accepted by the provider exactly once. Never twice, for any message.
        for (const row of sent) expect(sink.deliveries.get(row.id), row.id).toBe(1);
        expect([...sink.deliveries.values()].every((n) => n === 1)).toBe(true);
        // Failed: with its reason; one the provider did take says it may have been delivered.
        for (const row of failed) {
          expect(row.error).toMatch(/^gave up: the retries of edgepost-delivery ran out/);
          if (sink.deliveries.has(row.id)) expect(row.error).toContain("may have been delivered");
        }
        console.log(
          `reliability: ${sent.length} sent, ${failed.length} failed, ${sink.requests()} provider calls, ` +
            `${sink.deliveries.size} accepted, ${sink.replays()} replayed after a crash`,
        );
        // The crashes and losses happened: calls the provider had taken were made again, and the
        // provider, deduplicating by the call's key, did not deliver them twice.
        expect(sink.replays()).toBeGreaterThan(0);
        // Faults strike whole calls: a call failing six times in a row gives up on up to 100 messages
        // at once (a few runs in a hundred at these rates), each failed with its reason above.
        expect(sent.length).toBeGreaterThan(MESSAGES * 0.95);
      } finally {
        db.$client.close();
      }
    },
    20 * 60_000,
  );
});

describe("two delivery workers at once", () => {
  it(
    "send each message once when both consume overlapping batches of the same messages",
    async () => {
      const { info, database } = local.stack();
      const second = await local.stack().startSecondDeliveryWorker();
      const n = 2_000;
      const db = createNodeDb(database);
      try {
        const credits = await api(`/operator/v1/accounts/${info.accountId}/credits`, {
          method: "POST",
          key: info.operatorKey,
          body: JSON.stringify({ wallet: "email", amount: n, reference: "overlap" }),
        });
        expect(credits.status).toBe(200);
        // A slow provider, so that the two workers' calls are in flight together.
        const resend = `resend://re_reliability@api.resend.com?endpoint=${encodeURIComponent(sink.endpoint)}`;
        const provider = await api("/v1/account/email-provider", {
          method: "PUT",
          body: JSON.stringify({ url: `fault://?inner=${encodeURIComponent(resend)}&latencyMs=40` }),
        });
        expect(provider.status).toBe(200);
        const accepted: string[] = [];
        let carry: string[] = [];
        for (let b = 0; b < n / 100; b++) {
          const emails = Array.from({ length: 100 }, (_, i) => ({
            from: `Overlap <load@${info.senderDomain}>`,
            to: `overlap-${b * 100 + i}@example.com`,
            subject: `Overlap ${b * 100 + i}`,
            text: `Body ${b * 100 + i}`,
          }));
          const res = await api("/v1/emails/batch", { method: "POST", body: JSON.stringify({ emails }) });
          expect(res.status).toBe(202);
          const ids = ((await res.json()) as { data: { id: string }[] }).data.map((d) => d.id);
          accepted.push(...ids);
          // The same messages reach the second worker too, cut into other batches: the second half
          // of one request's with the first half of the next one's.
          await second.queue.sendBatch(
            [...carry, ...ids.slice(0, 50)].map((messageId) => ({
              body: { kind: "email", accountId: info.accountId, messageId },
            })),
          );
          carry = ids.slice(50);
        }
        await second.queue.sendBatch(
          carry.map((messageId) => ({ body: { kind: "email", accountId: info.accountId, messageId } })),
        );
        const deadline = Date.now() + 5 * 60_000;
        for (;;) {
          const [open] = await db
            .select({ n: sql<number>`count(*)` })
            .from(messages)
            .where(
              sql`${messages.id} in (select value from json_each(${JSON.stringify(accepted)})) and ${messages.status} in ('queued', 'sending')`,
            );
          if (open?.n === 0) break;
          if (Date.now() > deadline) throw new Error(`${open?.n} messages still open`);
          await new Promise((r) => setTimeout(r, 500));
        }
        const rows = await db
          .select({ id: messages.id, status: messages.status, attempts: messages.attempts })
          .from(messages)
          .where(sql`${messages.id} in (select value from json_each(${JSON.stringify(accepted)}))`);
        expect(rows.filter((row) => row.status === "sent")).toHaveLength(n);
        // The two workers did contend: messages were claimed by both, one taking over the other's call.
        expect(rows.filter((row) => row.attempts > 1).length).toBeGreaterThan(0);
        for (const id of accepted) expect(sink.deliveries.get(id), id).toBe(1);
      } finally {
        db.$client.close();
        await second.close();
      }
    },
    10 * 60_000,
  );
});
