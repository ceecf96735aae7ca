import { contactExports, idSchema } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { signToken } from "../auth/signed-token";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";

export const exportId = idSchema("exp");

export type ExportRow = typeof contactExports.$inferSelect;

/** How long a download link works; a new one comes with every read of the export. */
const DOWNLOAD_LINK_MS = 60 * 60_000;

/** The export, or `not_found`: an export of another account is not found either. */
export async function findExport(ctx: AccountCtx, id: string): Promise<ExportRow> {
  const [row] = await ctx.db
    .select()
    .from(contactExports)
    .where(
      and(eq(contactExports.accountId, ctx.principal.accountId), eq(contactExports.id, exportId.parse(id))),
    );
  if (!row) throw new NotFound("Export");
  return row;
}

/**
 * What the API shows of an export; once its file is written, a signed link to download it that
 * works for an hour (never past the file's own expiry) without any other credential.
 */
export async function exportView(
  ctx: AccountCtx & { signingSecret: string; linkBase: string },
  row: ExportRow,
) {
  const now = ctx.now().getTime();
  const ready = row.status === "completed" && row.expiresAt.getTime() > now;
  const linkExpiresAt = Math.min(now + DOWNLOAD_LINK_MS, row.expiresAt.getTime());
  const token = ready
    ? await signToken(ctx.signingSecret, {
        purpose: "export_download",
        subject: row.id,
        expiresAt: linkExpiresAt,
      })
    : undefined;
  return {
    id: row.id,
    status: row.status,
    format: row.format,
    source: row.source,
    sourceId: row.sourceId,
    rows: row.rows,
    bytes: row.bytes,
    error: row.error,
    download: token
      ? { url: `${ctx.linkBase}/downloads/${token}`, expiresAt: new Date(linkExpiresAt) }
      : null,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    expiresAt: row.expiresAt,
  };
}
