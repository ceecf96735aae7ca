import type { DeliveryMessage } from "@edgepost/contracts";
import { pipelineChecks } from "@edgepost/db";
import { describe, expect, it } from "vitest";
import { completePipelineCheck } from "../src/pipeline-checks/complete-pipeline-check";
import { getPipelineCheck } from "../src/pipeline-checks/get-pipeline-check";
import { startPipelineCheck } from "../src/pipeline-checks/start-pipeline-check";
import { collectingQueue, freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const ctx = await freshCtx(clock);

/** A queue that keeps what it was sent, standing in for the Cloudflare Queue binding. */
function recordingQueue() {
  const sent: DeliveryMessage[] = [];
  return collectingQueue(sent);
}

describe("pipeline checks", () => {
  it("queues a message and is delivered once, however often the message is redelivered", async () => {
    const owner = await newAccount(ctx);
    const { accountId } = owner.principal;
    const delivery = recordingQueue();
    const check = await startPipelineCheck({ ctx: { ...owner, delivery } });
    expect(delivery.sent).toEqual([{ kind: "pipeline_check", accountId, checkId: check.id }]);
    expect(await getPipelineCheck({ ctx: owner, input: { id: check.id } })).toMatchObject({
      status: "queued",
      deliveredAt: null,
    });

    const deliveredAt = clock.now;
    expect(await completePipelineCheck({ ctx, input: { accountId, checkId: check.id } })).toEqual({
      found: true,
    });
    clock.now = new Date(deliveredAt.getTime() + 5_000);
    await completePipelineCheck({ ctx, input: { accountId, checkId: check.id } });
    expect(await getPipelineCheck({ ctx: owner, input: { id: check.id } })).toMatchObject({
      status: "delivered",
      deliveredAt,
    });
  });

  it("keeps each account's checks to itself", async () => {
    const a = await newAccount(ctx, "A");
    const b = await newAccount(ctx, "B");
    const check = await startPipelineCheck({ ctx: { ...a, delivery: recordingQueue() } });
    await expect(getPipelineCheck({ ctx: b, input: { id: check.id } })).rejects.toMatchObject({
      code: "not_found",
    });
    const foreign = { accountId: b.principal.accountId, checkId: check.id };
    expect(await completePipelineCheck({ ctx, input: foreign })).toEqual({ found: false });
    expect(await getPipelineCheck({ ctx: a, input: { id: check.id } })).toMatchObject({ status: "queued" });
  });

  it("leaves no row behind when the queue refuses the message", async () => {
    const owner = await newAccount(ctx);
    const before = await ctx.db.$count(pipelineChecks);
    const delivery = collectingQueue([], true);
    const attempt = startPipelineCheck({ ctx: { ...owner, delivery } });
    await expect(attempt).rejects.toMatchObject({ code: "unavailable" });
    await expect(attempt).rejects.not.toThrow(/queue full/);
    expect(await ctx.db.$count(pipelineChecks)).toBe(before);
  });

  it("refuses to start a check for a suspended account, but still lets it read", async () => {
    const owner = await newAccount(ctx);
    const check = await startPipelineCheck({ ctx: { ...owner, delivery: recordingQueue() } });
    const suspended = { ...owner, principal: { ...owner.principal, accountStatus: "suspended" as const } };
    const delivery = recordingQueue();
    await expect(startPipelineCheck({ ctx: { ...suspended, delivery } })).rejects.toMatchObject({
      code: "account_suspended",
    });
    expect(delivery.sent).toEqual([]);
    expect(await getPipelineCheck({ ctx: suspended, input: { id: check.id } })).toMatchObject({
      id: check.id,
    });
  });

  it("refuses a malformed id naming the field", async () => {
    const owner = await newAccount(ctx);
    await expect(getPipelineCheck({ ctx: owner, input: { id: "chk_' or 1=1" } })).rejects.toThrow(
      /pipeline check id/,
    );
  });
});
