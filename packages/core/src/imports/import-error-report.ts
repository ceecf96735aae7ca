import { contactImportChunks } from "@edgepost/db";
import { csvLine } from "@edgepost/tabular";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { findImport } from "./import-record";

/** Chunks read from the database per step of the stream. */
const PAGE = 50;

/**
 * The row-level error report of an import as CSV (`row,column,value,error`), streamed chunk by
 * chunk; values a spreadsheet would run as formulas are neutralised.
 */
export async function importErrorReport({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:read");
  const imp = await findImport(ctx, input.id);
  const encoder = new TextEncoder();
  let after = 0;
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(csvLine(["row", "column", "value", "error"])));
      }
      const chunks = await ctx.db
        .select({ seq: contactImportChunks.seq, errors: contactImportChunks.errors })
        .from(contactImportChunks)
        .where(
          and(
            eq(contactImportChunks.importId, imp.id),
            gt(contactImportChunks.seq, after),
            sql`${contactImportChunks.errors} <> '[]'`,
          ),
        )
        .orderBy(asc(contactImportChunks.seq))
        .limit(PAGE);
      const lines = chunks.flatMap((chunk) =>
        chunk.errors.map((e) => csvLine([e.row, e.column ?? "", e.value ?? "", e.message])),
      );
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.join("")));
      after = chunks.at(-1)?.seq ?? after;
      if (chunks.length < PAGE) controller.close();
    },
  });
}
