import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { jobRuns, newId, pipelineChecks } from "@edgepost/db";
import { createNodeDb } from "@edgepost/db/node";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { useLocalStack } from "./local-stack";

const local = useLocalStack();

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the local stack", () => {
  it("serves every worker and MailDev at its own URL, and writes them with the demo key to dev.json", async () => {
    const { info } = local.stack();
    for (const worker of [info.api, info.public, info.delivery, info.cron]) {
      expect(await (await fetch(`${worker}/healthz`)).json()).toEqual({ status: "ok", database: "ok" });
    }
    const inbox = await fetch(info.maildev, { headers: { accept: "text/html" } });
    expect(inbox.status).toBe(200);
    expect(await inbox.text()).toContain("<html");
    const written = JSON.parse(await readFile(join(local.dataDir(), "dev.json"), "utf8"));
    expect(written).toMatchObject({
      api: info.api,
      public: info.public,
      maildev: info.maildev,
      apiKey: info.apiKey,
    });
    expect(info.apiKey).toMatch(/^ep_test_/);
  });

  it("carries a request from the API across the queue into the delivery worker and the database", async () => {
    const { info } = local.stack();
    const res = await fetch(`${info.api}/v1/pipeline-checks`, {
      method: "POST",
      headers: { authorization: `Bearer ${info.apiKey}` },
    });
    expect(res.status).toBe(202);
    const check = (await res.json()) as { id: string; status: string };
    expect(check.status).toBe("queued");

    const delivered = await waitFor(async () => {
      const r = await fetch(`${info.api}/v1/pipeline-checks/${check.id}`, {
        headers: { authorization: `Bearer ${info.apiKey}` },
      });
      const body = (await r.json()) as { status: string; deliveredAt: string | null };
      return body.status === "delivered" ? body : undefined;
    });
    expect(Date.parse(delivered.deliveredAt ?? "")).not.toBeNaN();

    const db = createNodeDb(local.stack().database);
    const [row] = await db.select().from(pipelineChecks).where(eq(pipelineChecks.id, check.id));
    db.$client.close();
    expect(row).toMatchObject({ accountId: info.accountId, status: "delivered", attempts: 1 });
  });

  it("refuses the API without a valid key", async () => {
    const res = await fetch(`${local.stack().info.api}/v1/pipeline-checks`, {
      method: "POST",
      headers: { authorization: "Bearer ep_test_0000000000000000000000000000000000000000" },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  });

  it("runs a cron trigger's job against the same database", async () => {
    const db = createNodeDb(local.stack().database);
    const stale = newId("chk");
    await db.insert(pipelineChecks).values({
      id: stale,
      accountId: local.stack().info.accountId,
      createdAt: new Date(Date.now() - 30 * 86_400_000),
    });

    await local.stack().triggerCron("0 3 * * *");

    expect(await db.select().from(pipelineChecks).where(eq(pipelineChecks.id, stale))).toEqual([]);
    const runs = await db.select().from(jobRuns).where(eq(jobRuns.job, "prune-pipeline-checks"));
    db.$client.close();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ cron: "0 3 * * *", status: "succeeded", done: true, changed: 1 });
    expect(runs[0]?.detail).toMatchObject({ deleted: 1 });
  });
});
