import { contactImports, idSchema } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";

export const importId = idSchema("imp");

export type ImportRow = typeof contactImports.$inferSelect;

/** The import, or `not_found`: an import of another account is not found either. */
export async function findImport(ctx: AccountCtx, id: string): Promise<ImportRow> {
  const [row] = await ctx.db
    .select()
    .from(contactImports)
    .where(
      and(eq(contactImports.accountId, ctx.principal.accountId), eq(contactImports.id, importId.parse(id))),
    );
  if (!row) throw new NotFound("Import");
  return row;
}

/** What the API shows of an import: its settings, its progress and its counts. */
export function importView(row: ImportRow) {
  return {
    id: row.id,
    status: row.status,
    format: row.format,
    fileName: row.fileName,
    fileSize: row.fileSize,
    columns: row.settings.columns,
    listId: row.settings.listId ?? null,
    onExisting: row.settings.onExisting,
    consent: { origin: row.consentOrigin, description: row.consentDescription, text: row.consentText },
    progress: {
      percent: row.status === "completed" ? 100 : Math.floor(row.progress * 1000) / 10,
      rowsRead: row.rowsRead,
      created: row.created,
      updated: row.updated,
      skipped: row.skipped,
      failed: row.failed,
    },
    error: row.error,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
  };
}
