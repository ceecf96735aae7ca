import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { createAccount, createCtx, startPipelineCheck } from "@edgepost/core";
import { deliveryFailures, pipelineChecks } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { retryDelay } from "../src/deliver";
import worker from "../src/index";

const ctx = createCtx(env);
const { db } = ctx;

async function queuedCheck() {
  const { accountId, ownerId } = await createAccount({
    ctx,
    input: {
      street: "Rue du Lac 1",
      postcode: "1003",
      city: "Lausanne",
      industry: "software",
      professionalUse: true,
      name: "Q",
      country: "US",
      ownerEmail: `${crypto.randomUUID()}@example.com`,
    },
  });
  const sent: unknown[] = [];
  const principal = { accountId, accountStatus: "active" as const, actor: ownerId, scopes: ["*"] };
  const check = await startPipelineCheck({
    ctx: {
      ...ctx,
      principal,
      delivery: { send: async (m) => sent.push(m), sendBatch: async () => undefined },
    },
  });
  return { check, body: sent[0] };
}

async function consume(
  queue: string,
  messages: { id: string; body: unknown; attempts?: number }[],
  workerEnv = env,
) {
  const batch = createMessageBatch(
    queue,
    messages.map((m) => ({ id: m.id, timestamp: new Date(), attempts: m.attempts ?? 1, body: m.body })),
  );
  const execution = createExecutionContext();
  await worker.queue(batch, workerEnv, execution);
  return getQueueResult(batch, execution);
}

describe("delivery queue consumer", () => {
  it("delivers a pipeline check and acks it", async () => {
    const { check, body } = await queuedCheck();
    const result = await consume("edgepost-delivery", [{ id: "m1", body }]);
    expect(result.explicitAcks).toEqual(["m1"]);
    const [row] = await db.select().from(pipelineChecks).where(eq(pipelineChecks.id, check.id));
    expect(row).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("acks and records a message that can never be delivered instead of retrying it", async () => {
    const result = await consume("edgepost-delivery", [{ id: "bad-1", body: { kind: "carrier_pigeon" } }]);
    expect(result.explicitAcks).toEqual(["bad-1"]);
    expect(result.retryMessages).toEqual([]);
    const [row] = await db.select().from(deliveryFailures).where(eq(deliveryFailures.messageId, "bad-1"));
    expect(row).toMatchObject({ kind: "unknown", queue: "edgepost-delivery" });
  });

  it("refuses a batch, naming DELIVERY_QUEUE, when that binding is missing, before delivering any of it", async () => {
    const { check, body } = await queuedCheck();
    const { DELIVERY_QUEUE: _, ...misconfigured } = env;
    // The handler throws, so the whole batch is retried once the deploy is fixed.
    await expect(
      consume("edgepost-delivery", [{ id: "m3", body }], misconfigured as typeof env),
    ).rejects.toThrow("DELIVERY_QUEUE");
    const [row] = await db.select().from(pipelineChecks).where(eq(pipelineChecks.id, check.id));
    expect(row).toMatchObject({ status: "queued", attempts: 0 });
  });

  it("retries with backoff when the database cannot be reached", async () => {
    const { body } = await queuedCheck();
    const unreachable = { ...env, LIBSQL_URL: "http://127.0.0.1:9" };
    const result = await consume("edgepost-delivery", [{ id: "m2", body, attempts: 3 }], unreachable);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: "m2" })]);
  });

  it("backs off exponentially from 10 seconds up to 10 minutes", () => {
    expect([1, 2, 3, 4, 7, 8, 50].map((n) => retryDelay(n, 10, () => 0.5))).toEqual([
      10, 20, 40, 80, 600, 600, 600,
    ]);
    expect(retryDelay(1, 10, () => 0)).toBe(8);
    expect(retryDelay(1, 10, () => 1)).toBe(12);
    expect(retryDelay(3, 1, () => 0.5)).toBe(4);
  });

  it("still handles the rest of a batch when one message's failure cannot be recorded", async () => {
    const { body } = await queuedCheck();
    const unreachable = { ...env, LIBSQL_URL: "http://127.0.0.1:9" };
    const result = await consume(
      "edgepost-delivery",
      [
        { id: "junk", body: "not a message" },
        { id: "good", body },
      ],
      unreachable,
    );
    expect(result.retryMessages.map((m: { msgId: string }) => m.msgId).sort()).toEqual(["good", "junk"]);
  });
});

describe("dead-letter queue consumer", () => {
  it("keeps a dead letter, with backoff, while its record cannot be written", async () => {
    const { body } = await queuedCheck();
    const unreachable = { ...env, LIBSQL_URL: "http://127.0.0.1:9" };
    const result = await consume("edgepost-delivery-dlq", [{ id: "dead-0", body, attempts: 2 }], unreachable);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: "dead-0" })]);
  });

  it("records each failure once, even when the dead letter arrives twice", async () => {
    const { body } = await queuedCheck();
    await consume("edgepost-delivery-dlq", [{ id: "dead-1", body, attempts: 1 }]);
    const result = await consume("edgepost-delivery-dlq", [{ id: "dead-1", body, attempts: 2 }]);
    expect(result.explicitAcks).toEqual(["dead-1"]);
    const rows = await db.select().from(deliveryFailures).where(eq(deliveryFailures.messageId, "dead-1"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "pipeline_check", queue: "edgepost-delivery-dlq" });
    expect(rows[0]?.accountId).toBe((body as { accountId: string }).accountId);
  });
});
