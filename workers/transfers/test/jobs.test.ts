import { createExport, createImport, getImport, runJob, uploadImportFile } from "@edgepost/core";
import { contactExports, contactImportChunks } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { consume, files, ownerCtx, upload, utf8 } from "./harness";

type Ctx = Awaited<ReturnType<typeof ownerCtx>>;

/** The jobs' context at a moment: the delivery queue is not used by these two. */
const at = (ctx: Ctx, ms: number) => ({
  ...ctx,
  now: () => new Date(Date.now() + ms),
  delivery: {
    send: () => Promise.reject(new Error("not used")),
    sendBatch: () => Promise.reject(new Error("not used")),
  },
});

describe("expire-transfers", () => {
  it("deletes an export's file and row once it expires, and a second run changes nothing", async () => {
    const ctx = await ownerCtx();
    const exp = await createExport({ ctx, input: { format: "csv" } });
    await consume(ctx.queued.splice(0)[0]!);
    const [row] = await ctx.db.select().from(contactExports).where(eq(contactExports.id, exp.id));
    expect(await files.head(row!.fileKey)).not.toBeNull();

    const early = await runJob({
      ctx: at(ctx, 6 * 86_400_000),
      input: { job: "expire-transfers", cron: "test" },
    });
    expect(await files.head(row!.fileKey)).not.toBeNull();
    expect(early.status).toBe("succeeded");

    await runJob({ ctx: at(ctx, 7 * 86_400_000 + 60_000), input: { job: "expire-transfers", cron: "test" } });
    expect(await files.head(row!.fileKey)).toBeNull();
    expect(await ctx.db.select().from(contactExports).where(eq(contactExports.id, exp.id))).toEqual([]);
    const again = await runJob({
      ctx: at(ctx, 7 * 86_400_000 + 60_000),
      input: { job: "expire-transfers", cron: "test" },
    });
    expect(again).toMatchObject({ status: "succeeded", changed: 0 });
  });
});

describe("expire-transfers, for imports", () => {
  it("deletes an error report 30 days after its import finished, and keeps the import", async () => {
    const ctx = await ownerCtx();
    const imp = await createImport({
      ctx,
      input: { format: "csv", consent: { origin: "event", description: "Sign-up sheet at the fair" } },
    });
    await uploadImportFile({ ctx, input: { id: imp.id, ...upload(utf8("email\nann@example.com\nnope\n")) } });
    await consume(ctx.queued.splice(0)[0]!);
    const report = () =>
      ctx.db.select().from(contactImportChunks).where(eq(contactImportChunks.importId, imp.id));
    expect(await report()).toHaveLength(1);
    await runJob({ ctx: at(ctx, 29 * 86_400_000), input: { job: "expire-transfers", cron: "test" } });
    expect(await report()).toHaveLength(1);
    await runJob({
      ctx: at(ctx, 30 * 86_400_000 + 60_000),
      input: { job: "expire-transfers", cron: "test" },
    });
    expect(await report()).toEqual([]);
    expect(await getImport({ ctx, input: { id: imp.id } })).toMatchObject({
      status: "completed",
      consent: { origin: "event" },
      progress: { created: 1, failed: 1 },
    });
  });
});

describe("requeue-stranded-transfers", () => {
  it("queues again an import whose message was lost, once per half hour of standing still", async () => {
    const ctx = await ownerCtx();
    const imp = await createImport({
      ctx,
      input: { format: "csv", consent: { origin: "event", description: "Sign-up sheet at the fair" } },
    });
    await uploadImportFile({ ctx, input: { id: imp.id, ...upload(utf8("email\nann@example.com\n")) } });
    ctx.queued.splice(0); // the message the upload queued is lost
    const body = { kind: "import" as const, accountId: ctx.principal.accountId, importId: imp.id };

    await runJob({ ctx: at(ctx, 10 * 60_000), input: { job: "requeue-stranded-transfers", cron: "test" } });
    expect(ctx.queued.filter((m) => "importId" in m && m.importId === imp.id)).toEqual([]);

    await runJob({ ctx: at(ctx, 31 * 60_000), input: { job: "requeue-stranded-transfers", cron: "test" } });
    expect(ctx.queued.splice(0).filter((m) => "importId" in m && m.importId === imp.id)).toEqual([body]);
    // Touched: the next sweep leaves it alone for another half hour.
    await runJob({ ctx: at(ctx, 32 * 60_000), input: { job: "requeue-stranded-transfers", cron: "test" } });
    expect(ctx.queued.filter((m) => "importId" in m && m.importId === imp.id)).toEqual([]);
    // The requeued message finishes it.
    await consume(body);
    expect(await getImport({ ctx, input: { id: imp.id } })).toMatchObject({
      status: "completed",
      progress: { created: 1 },
    });
  });
});
