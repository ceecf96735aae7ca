import type { DeliveryMessage } from "@edgepost/contracts";
import { pipelineChecks } from "@edgepost/db";
import { describe, expect, it } from "vitest";
import { completePipelineCheck } from "../src/pipeline-checks/complete-pipeline-check";
import { getPipelineCheck } from "../src/pipeline-checks/get-pipeline-check";
import { startPipelineCheck } from "../src/pipeline-checks/start-pipeline-check";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const ctx = await freshCtx(clock);

/** A queue that keeps what it was sent, standing in for the Cloudflare Queue binding. */
function recordingQueue() {
  const sent: DeliveryMessage[] = [];
  return { sent, send: async (m: DeliveryMessage) => sent.push(m) };
}

describe("pipeline checks", () => {
  it("queues a message and is delivered once, however often the message is redelivered", async () => {
    const principal = await newAccount(ctx);
    const queue = recordingQueue();
    const check = await startPipelineCheck({ ctx, principal, queue });
    expect(queue.sent).toEqual([
      { kind: "pipeline_check", accountId: principal.accountId, checkId: check.id },
    ]);
    expect(await getPipelineCheck({ ctx, principal, input: { id: check.id } })).toMatchObject({
      status: "queued",
      deliveredAt: null,
    });

    const deliveredAt = clock.now;
    expect(
      await completePipelineCheck({ ctx, input: { accountId: principal.accountId, checkId: check.id } }),
    ).toEqual({ found: true });
    clock.now = new Date(deliveredAt.getTime() + 5_000);
    await completePipelineCheck({ ctx, input: { accountId: principal.accountId, checkId: check.id } });
    expect(await getPipelineCheck({ ctx, principal, input: { id: check.id } })).toMatchObject({
      status: "delivered",
      deliveredAt,
    });
  });

  it("keeps each account's checks to itself", async () => {
    const a = await newAccount(ctx, "A");
    const b = await newAccount(ctx, "B");
    const check = await startPipelineCheck({ ctx, principal: a, queue: recordingQueue() });
    await expect(getPipelineCheck({ ctx, principal: b, input: { id: check.id } })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(
      await completePipelineCheck({ ctx, input: { accountId: b.accountId, checkId: check.id } }),
    ).toEqual({
      found: false,
    });
    expect(await getPipelineCheck({ ctx, principal: a, input: { id: check.id } })).toMatchObject({
      status: "queued",
    });
  });

  it("leaves no row behind when the queue refuses the message", async () => {
    const principal = await newAccount(ctx);
    const before = await ctx.db.$count(pipelineChecks);
    const failing = { send: async () => Promise.reject(new Error("queue full")) };
    await expect(startPipelineCheck({ ctx, principal, queue: failing })).rejects.toMatchObject({
      code: "unavailable",
    });
    expect(await ctx.db.$count(pipelineChecks)).toBe(before);
  });
});
