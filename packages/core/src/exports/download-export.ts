import { contactExports } from "@edgepost/db";
import { and, eq, gt } from "drizzle-orm";
import { verifyToken } from "../auth/signed-token";
import type { Ctx } from "../context";
import { DomainError, NotFound } from "../errors";
import type { FileStore } from "../transfers/file-store";

/**
 * The file of an export, for whoever holds a download link: the signed token is the credential,
 * so a link past its hour, or one whose signature is wrong, gets nothing.
 */
export async function downloadExport({
  ctx,
  input,
}: {
  ctx: Ctx & { files: FileStore; signingSecret: string };
  input: { token: string };
}) {
  const now = ctx.now();
  const verified = await verifyToken(ctx.signingSecret, input.token, {
    purpose: "export_download",
    now: now.getTime(),
  });
  if (!verified.ok) {
    throw new DomainError(
      "forbidden",
      verified.reason === "expired"
        ? "The download link has expired: get a new one from the export."
        : "The download link is not valid.",
    );
  }
  const [exp] = await ctx.db
    .select()
    .from(contactExports)
    .where(
      and(
        eq(contactExports.id, verified.subject),
        eq(contactExports.status, "completed"),
        gt(contactExports.expiresAt, now),
      ),
    );
  const file = exp ? await ctx.files.get(exp.fileKey) : null;
  if (!exp || !file) throw new NotFound("Export file");
  const day = exp.createdAt.toISOString().slice(0, 10);
  return {
    body: file.body,
    size: file.size,
    fileName: `contacts-${day}-${exp.id}.${exp.format}`,
    contentType:
      exp.format === "csv"
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  };
}
