import { createExecutionContext, createScheduledController, env } from "cloudflare:test";
import { createAccount, createCtx } from "@edgepost/core";
import { jobRuns, newId, pipelineChecks } from "@edgepost/db";
import { eq, inArray } from "drizzle-orm";
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
    for (const job of SCHEDULE["0 3 * * *"] ?? []) {
      const runs = await db.select().from(jobRuns).where(eq(jobRuns.job, job));
      expect(runs.at(-1), job).toMatchObject({ cron: "0 3 * * *", status: "succeeded" });
    }
  });

  it("fails loudly for a cron it has no jobs for", async () => {
    await expect(
      worker.scheduled(createScheduledController({ cron: "* * * * *" }), env, createExecutionContext()),
    ).rejects.toThrow(/No jobs are scheduled/);
  });
});
