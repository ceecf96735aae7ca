import { createExecutionContext, createScheduledController, env } from "cloudflare:test";
import { createAccount, createCtx } from "@edgepost/core";
import { jobRuns, newId, pipelineChecks } from "@edgepost/db";
import { eq, gte, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { SCHEDULE } from "../src/schedule";
import wranglerConfig from "../wrangler.jsonc?raw";

const { db } = createCtx(env);

describe("cron worker", () => {
  it("schedules a job for exactly the crons its wrangler config triggers", () => {
    const crons = /"crons":\s*\[([^\]]*)\]/.exec(wranglerConfig)?.[1] ?? "";
    const configured = [...crons.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(configured.length).toBeGreaterThan(0);
    expect(Object.keys(SCHEDULE).sort()).toEqual(configured.sort());
  });

  it("runs the jobs of the fired cron and records each run", async () => {
    const { accountId } = await createAccount({
      ctx: createCtx(env),
      input: {
        street: "Rue du Lac 1",
        postcode: "1003",
        city: "Lausanne",
        industry: "software",
        professionalUse: true,
        name: "C",
        country: "CH",
        ownerEmail: `${crypto.randomUUID()}@example.com`,
      },
    });
    const old = newId("chk");
    const fresh = newId("chk");
    await db.insert(pipelineChecks).values([
      { id: old, accountId, createdAt: new Date(Date.now() - 10 * 86_400_000) },
      { id: fresh, accountId, createdAt: new Date() },
    ]);

    await worker.scheduled(createScheduledController({ cron: "0 3 * * *" }), env, createExecutionContext());

    const left = await db
      .select({ id: pipelineChecks.id })
      .from(pipelineChecks)
      .where(inArray(pipelineChecks.id, [old, fresh]));
    expect(left.map((r) => r.id)).toEqual([fresh]);
    for (const job of SCHEDULE["0 3 * * *"]?.jobs ?? []) {
      const runs = await db.select().from(jobRuns).where(eq(jobRuns.job, job));
      expect(runs.at(-1), job).toMatchObject({ cron: "0 3 * * *", status: "succeeded" });
    }
  });

  it("every quarter hour, sweeps the outbox and lets a job cut short by its budget go on", async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const before = new Date();
    await db.insert(jobRuns).values({
      id: newId("job"),
      job: "expire-soft-bounces",
      cron: "0 3 * * *",
      status: "succeeded",
      examined: 50_000,
      changed: 50_000,
      cursor: "0|1700000000000:42",
      done: false,
      // The latest run of the job (the daily one above ran before it).
      startedAt: new Date(before.getTime() - 1),
      finishedAt: new Date(before.getTime() - 1),
    });
    await worker.scheduled(
      createScheduledController({ cron: "*/15 * * * *" }),
      env,
      createExecutionContext(),
    );
    const runs = await db.select().from(jobRuns).where(gte(jobRuns.startedAt, before));
    expect(runs.map((r) => [r.job, r.cron, r.status]).sort()).toEqual([
      ["expire-soft-bounces", "*/15 * * * *", "succeeded"],
      ["requeue-stalled-campaigns", "*/15 * * * *", "succeeded"],
      ["requeue-stranded-messages", "*/15 * * * *", "succeeded"],
      ["requeue-stranded-transfers", "*/15 * * * *", "succeeded"],
    ]);
    // It went on from where it stopped, and finished.
    expect(runs.find((r) => r.job === "expire-soft-bounces")).toMatchObject({ done: true, cursor: null });
  });

  it.each(["DELIVERY_QUEUE", "TRANSFERS_QUEUE", "FILES"])(
    "fails loudly, naming %s, when that binding is missing, before any job runs",
    async (binding) => {
      const before = new Date();
      const misconfigured = Object.fromEntries(Object.entries(env).filter(([name]) => name !== binding));
      await expect(
        worker.scheduled(
          createScheduledController({ cron: "*/15 * * * *" }),
          misconfigured as typeof env,
          createExecutionContext(),
        ),
      ).rejects.toThrow(binding);
      expect(await db.select().from(jobRuns).where(gte(jobRuns.startedAt, before))).toEqual([]);
    },
  );

  it("fails loudly for a cron it has no jobs for", async () => {
    await expect(
      worker.scheduled(createScheduledController({ cron: "*/5 * * * *" }), env, createExecutionContext()),
    ).rejects.toThrow(/No jobs are scheduled/);
  });
});
