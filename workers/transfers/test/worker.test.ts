import { env, SELF } from "cloudflare:test";
import type { TransferMessage } from "@edgepost/contracts";
import { createImport, getImport, uploadImportFile } from "@edgepost/core";
import { contactImports } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { consume, files, ownerCtx, upload, utf8 } from "./harness";

/** A one-row import, uploaded: the message that starts it is returned instead of queued. */
async function uploadedImport() {
  const ctx = await ownerCtx();
  const imp = await createImport({
    ctx,
    input: { format: "csv", consent: { origin: "event", description: "Sign-up sheet at the fair" } },
  });
  await uploadImportFile({ ctx, input: { id: imp.id, ...upload(utf8("email\nann@example.com\n")) } });
  const [message] = ctx.queued.splice(0);
  return { ctx, imp, message: message! };
}

describe("transfers worker", () => {
  it("records why an import could not go on, retries it, and fails it with that reason once the retries are spent", async () => {
    const { ctx, imp, message } = await uploadedImport();
    const [row] = await ctx.db.select().from(contactImports).where(eq(contactImports.id, imp.id));
    await files.delete(row!.fileKey); // lost from storage: nothing the import can do about it

    const result = await consume(message);
    expect(result.retryMessages).toHaveLength(1);
    expect(await getImport({ ctx, input: { id: imp.id } })).toMatchObject({
      status: "queued",
      error: expect.stringContaining("is gone"),
    });
    expect((await consume(message, "edgepost-transfers-dlq")).explicitAcks).toHaveLength(1);
    expect(await getImport({ ctx, input: { id: imp.id } })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(
        /^gave up: the retries of edgepost-transfers ran out; last error: .*is gone/,
      ),
    });
  });

  it.each(["FILES", "TRANSFERS_QUEUE"])(
    "refuses a batch, naming %s, when that binding is missing, before an import records a failure",
    async (binding) => {
      const { ctx, imp, message } = await uploadedImport();
      const misconfigured = Object.fromEntries(Object.entries(env).filter(([name]) => name !== binding));

      // The handler throws, so the whole batch is retried once the deploy is fixed.
      await expect(consume(message, "edgepost-transfers", misconfigured)).rejects.toThrow(binding);
      expect(await getImport({ ctx, input: { id: imp.id } })).toMatchObject({
        status: "queued",
        error: null,
      });
    },
  );

  it("answers only /healthz over HTTP", async () => {
    expect(await (await SELF.fetch("https://transfers.test/healthz")).json()).toEqual({
      status: "ok",
      database: "ok",
    });
    expect((await SELF.fetch("https://transfers.test/")).status).toBe(404);
  });

  it("acknowledges a message that is not a transfer instead of retrying it forever", async () => {
    const result = await consume({ kind: "email", messageId: "msg_x" } as unknown as TransferMessage);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
  });

  it("acknowledges an import or export that no longer exists", async () => {
    const gone = {
      kind: "import",
      accountId: "acc_00000000000000000000000000",
      importId: "imp_00000000000000000000000000",
    };
    expect((await consume(gone as TransferMessage)).explicitAcks).toHaveLength(1);
  });
});
