import type { DeliveryMessage } from "@edgepost/contracts";
import { deliveryFailures, jobRuns, messages, newId, pipelineChecks } from "@edgepost/db";
import type { SendResult } from "@edgepost/messaging/port";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type DeliverCtx, deliverEmails } from "../src/delivery/deliver-emails";
import { recordDeliveryFailure } from "../src/delivery-failures/record-delivery-failure";
import { runJob } from "../src/jobs/run-job";
import { collectingQueue, freshCtx, newAccount, noTransfers } from "./harness";

const clock = { now: new Date("2026-11-30T03:00:00Z") };
const base = await freshCtx(clock);
const queued: DeliveryMessage[] = [];
const ctx = { ...base, delivery: collectingQueue(queued), ...noTransfers };
const DAY = 86_400_000;

describe("prune-pipeline-checks", () => {
  it("deletes checks past retention in chunks, keeps newer ones, and records the run", async () => {
    const { accountId } = (await newAccount(ctx)).principal;
    const old = Array.from({ length: 1_203 }, () => ({
      id: newId("chk"),
      accountId,
      createdAt: new Date(clock.now.getTime() - 8 * DAY),
    }));
    const recent = { id: newId("chk"), accountId, createdAt: new Date(clock.now.getTime() - 6 * DAY) };
    for (let i = 0; i < old.length; i += 300)
      await ctx.db.insert(pipelineChecks).values(old.slice(i, i + 300));
    await ctx.db.insert(pipelineChecks).values(recent);

    const run = await runJob({ ctx, input: { job: "prune-pipeline-checks", cron: "0 3 * * *" } });
    expect(run).toMatchObject({ detail: { deleted: 1_203 }, done: true, changed: 1_203, cursor: null });
    expect((await ctx.db.select({ id: pipelineChecks.id }).from(pipelineChecks)).map((r) => r.id)).toEqual([
      recent.id,
    ]);
    const [logged] = await ctx.db.select().from(jobRuns).where(eq(jobRuns.id, run.id));
    expect(logged).toMatchObject({ job: "prune-pipeline-checks", cron: "0 3 * * *", status: "succeeded" });

    const again = await runJob({ ctx, input: { job: "prune-pipeline-checks", cron: "0 3 * * *" } });
    expect(again).toMatchObject({ detail: { deleted: 0 }, done: true, changed: 0 });
  });
});

describe("recordDeliveryFailure", () => {
  it("records a dead letter once per queue message, known or not", async () => {
    const { accountId } = (await newAccount(ctx)).principal;
    const body = { kind: "pipeline_check", accountId, checkId: newId("chk") };
    const input = { queue: "edgepost-delivery-dlq", messageId: "m-1", body, attempts: 4 };
    await recordDeliveryFailure({ ctx, input });
    await recordDeliveryFailure({ ctx, input });
    await recordDeliveryFailure({ ctx, input: { ...input, messageId: "m-2", body: "garbage" } });
    const rows = await ctx.db.select().from(deliveryFailures);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.messageId === "m-1")).toMatchObject({
      accountId,
      kind: "pipeline_check",
      attempts: 4,
    });
    expect(rows.find((r) => r.messageId === "m-2")).toMatchObject({
      accountId: null,
      kind: "unknown",
      body: "garbage",
    });
  });
});

describe("a dead-lettered email", () => {
  it("is marked failed, unless it went out after all", async () => {
    const { accountId } = (await newAccount(ctx)).principal;
    const values = (id: string, status: "queued" | "sending" | "sent") => ({
      id,
      accountId,
      channel: "email" as const,
      category: "system" as const,
      toAddress: "x@example.com",
      subject: "s",
      text: "t",
      status,
      attempts: 6,
      createdAt: clock.now,
    });
    const [lost, cutOff, sent] = [newId("msg"), newId("msg"), newId("msg")];
    await ctx.db
      .insert(messages)
      .values([
        { ...values(lost, "queued"), error: "smtp_451: try later" },
        values(cutOff, "sending"),
        values(sent, "sent"),
      ]);
    for (const messageId of [lost, cutOff, sent]) {
      await recordDeliveryFailure({
        ctx,
        input: {
          queue: "edgepost-delivery-dlq",
          messageId: `q-${messageId}`,
          body: { kind: "email", accountId, messageId },
          attempts: 1,
        },
      });
    }
    const rows = await ctx.db
      .select()
      .from(messages)
      .where(inArray(messages.id, [lost, cutOff, sent]));
    expect(rows.find((r) => r.id === lost)).toMatchObject({
      status: "failed",
      error: "gave up: the retries of edgepost-delivery ran out; last error: smtp_451: try later",
    });
    // Still claimed when the retries ran out: its last attempt may have reached the provider.
    expect(rows.find((r) => r.id === cutOff)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/^gave up: .*may have been delivered/),
    });
    expect(rows.find((r) => r.id === sent)).toMatchObject({ status: "sent" });
  });
  it("says it may have been delivered when a provider's answer was lost on an earlier attempt", async () => {
    const { accountId } = (await newAccount(ctx)).principal;
    const messageId = newId("msg");
    await ctx.db.insert(messages).values({
      id: messageId,
      accountId,
      channel: "email",
      category: "system",
      toAddress: "x@example.com",
      subject: "s",
      text: "t",
      createdAt: clock.now,
    });
    // A provider that deduplicates by our message id, so a lost answer is retried: it took the
    // message the first time, and the answers to both attempts never came back.
    const answers: SendResult[] = [
      { ok: false, retryable: true, code: "timeout", message: "no answer", unknownOutcome: true },
      { ok: false, retryable: true, code: "http_503", message: "unavailable" },
    ];
    const deliverCtx: DeliverCtx = {
      ...ctx,
      from: { email: "noreply@edgepost.example" },
      providerFor: async () => ({
        name: "resend",
        idempotent: true,
        send: async () => answers.shift()!,
        sendBatch: async (emails) => emails.map(() => answers.shift()!),
      }),
      signingSecret: "jobs-test-signing-secret-0123456789abcdef",
      delivery: ctx.delivery,
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      const outcomes = await deliverEmails({ ctx: deliverCtx, input: [{ accountId, messageId }] });
      expect(outcomes.get(messageId)).toMatchObject({ outcome: "retry" });
    }
    await recordDeliveryFailure({
      ctx,
      input: {
        queue: "edgepost-delivery-dlq",
        messageId: `q-${messageId}`,
        body: { kind: "email", accountId, messageId },
        attempts: 2,
      },
    });
    const [row] = await ctx.db.select().from(messages).where(eq(messages.id, messageId));
    expect(row).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/^gave up: .*last error: http_503: unavailable.*may have been delivered/),
    });
  });
});

describe("requeue-stranded-messages", () => {
  it("queues again the messages that never reached the queue, and nothing else", async () => {
    const { accountId } = (await newAccount(ctx)).principal;
    const minutesAgo = (m: number) => new Date(clock.now.getTime() - m * 60_000);
    const row = (id: string, createdAt: Date, extra: Partial<typeof messages.$inferInsert> = {}) => ({
      id,
      accountId,
      channel: "email" as const,
      category: "system" as const,
      toAddress: "x@example.com",
      subject: "s",
      text: "t",
      createdAt,
      ...extra,
    });
    const stranded = Array.from({ length: 150 }, () => newId("msg"));
    await ctx.db.insert(messages).values(stranded.map((id) => row(id, minutesAgo(30))));
    const abandoned = newId("msg");
    await ctx.db.insert(messages).values([
      row(abandoned, minutesAgo(40), { status: "sending", attempts: 1, claimedAt: minutesAgo(20) }),
      row(newId("msg"), minutesAgo(40), { status: "sending", attempts: 1, claimedAt: minutesAgo(2) }), // being sent
      row(newId("msg"), minutesAgo(5)), // still on its way
      row(newId("msg"), minutesAgo(30), { attempts: 1 }), // the queue is retrying it
      row(newId("msg"), minutesAgo(30), { status: "sent", attempts: 1 }),
    ]);
    queued.length = 0;
    const run = await runJob({ ctx, input: { job: "requeue-stranded-messages", cron: "*/15 * * * *" } });
    expect(run).toMatchObject({ detail: { requeued: 151 }, done: true });
    expect(queued.map((m) => (m.kind === "email" ? m.messageId : "")).sort()).toEqual(
      [...stranded, abandoned].sort(),
    );
  });
});

describe("job leases", () => {
  it("skips a run while another of the same job holds the lease, and takes over an abandoned one", async () => {
    const running = newId("job");
    await ctx.db.insert(jobRuns).values({
      id: running,
      job: "prune-pipeline-checks",
      cron: "0 3 * * *",
      status: "running",
      startedAt: new Date(clock.now.getTime() - 5 * 60_000),
    });
    const skipped = await runJob({ ctx, input: { job: "prune-pipeline-checks", cron: "0 3 * * *" } });
    expect(skipped).toMatchObject({ status: "skipped" });
    const [skippedRow] = await ctx.db.select().from(jobRuns).where(eq(jobRuns.id, skipped.id));
    expect(skippedRow?.status).toBe("skipped");

    const later = { ...ctx, now: () => new Date(clock.now.getTime() + 11 * 60_000) };
    const resumed = await runJob({ ctx: later, input: { job: "prune-pipeline-checks", cron: "0 3 * * *" } });
    expect(resumed).toMatchObject({ status: "succeeded" });
    const [abandoned] = await ctx.db.select().from(jobRuns).where(eq(jobRuns.id, running));
    expect(abandoned).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/abandoned/),
    });
  });
});
