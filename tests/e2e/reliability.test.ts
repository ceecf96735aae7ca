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
  // The account sends through Resend's API (the sink), wrapped in the fault-injecting provider:
  // 30 % of calls fail transiently before reaching it; now and then the worker "dies" right after
  // the provider took a message, before anything was recorded, or the provider's answer is lost.
  const resend = `resend://re_reliability@api.resend.com?endpoint=${encodeURIComponent(sink.endpoint)}`;
  const provider = await api("/v1/account/email-provider", {
    method: "PUT",
    body: JSON.stringify({
      url: `fault://?inner=${encodeURIComponent(resend)}&transient=0.3&crash=0.001&lost=0.002`,
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
        // The crashes and losses happened: messages the provider had taken were sent again, and the
        // provider, deduplicating by the message id, did not deliver them twice.
        expect(sink.replays()).toBeGreaterThan(0);
        expect(sent.length).toBeGreaterThan(MESSAGES * 0.99);
      } finally {
        db.$client.close();
      }
    },
    20 * 60_000,
  );
});
