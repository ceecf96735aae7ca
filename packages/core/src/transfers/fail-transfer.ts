import type { TransferMessage } from "@edgepost/contracts";
import { contactExports, contactImports } from "@edgepost/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { pauseCampaign } from "../campaigns/campaign-progress";
import type { TransferCtx } from "./file-store";

/**
 * Records why an import or export could not go on. While the queue still retries it, only the
 * reason is kept (shown with its progress); when the retries are spent, it fails with that reason
 * and an import's upload is deleted — it is never left to look busy forever.
 */
export async function failTransfer({
  ctx,
  input,
}: {
  ctx: TransferCtx;
  input: { message: TransferMessage; reason: string; final: boolean };
}): Promise<void> {
  const now = ctx.now();
  const reason = input.reason.slice(0, 1000);
  // The last error a retry recorded says more than "gave up": it is kept after the reason.
  const error = (column: SQLiteColumn) =>
    input.final ? sql<string>`${reason} || coalesce('; last error: ' || ${column}, '')` : reason;
  const ended = input.final ? { status: "failed" as const, finishedAt: now } : {};
  const open = ["queued", "processing"] as const;
  const { message } = input;
  if (message.kind === "import") {
    const [failed] = await ctx.db
      .update(contactImports)
      .set({ error: error(contactImports.error), updatedAt: now, ...ended })
      .where(
        and(
          eq(contactImports.id, message.importId),
          eq(contactImports.accountId, message.accountId),
          inArray(contactImports.status, open),
        ),
      )
      .returning({ fileKey: contactImports.fileKey });
    if (failed && input.final) await ctx.files.delete(failed.fileKey);
    return;
  }
  if (message.kind === "campaign_fan_out") {
    // While retried, the fan-out goes on from its cursor; given up on, the campaign waits, paused, saying why.
    if (input.final) await pauseCampaign(ctx, message, `its recipients could not be written: ${reason}`);
    return;
  }
  await ctx.db
    .update(contactExports)
    .set({ error: error(contactExports.error), updatedAt: now, ...ended })
    .where(
      and(
        eq(contactExports.id, message.exportId),
        eq(contactExports.accountId, message.accountId),
        inArray(contactExports.status, open),
      ),
    );
}
