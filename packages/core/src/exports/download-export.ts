import { accounts, contactExports } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { verifyToken } from "../auth/signed-token";
import type { Ctx } from "../context";
import { DomainError, NotFound } from "../errors";
import type { FileStore } from "../transfers/file-store";

const INVALID_LINK = "The download link is not valid.";

/**
 * The file of an export, for whoever holds a download link: the signed token is the credential,
 * so a link past its hour, or one whose signature is wrong, gets nothing. Nor does a link of an
 * account that is no longer active: like its keys and sessions, the link ends when the account is
 * closed, and it is refused while the operator has the account suspended (it works again after
 * reactivation, within its hour). It answers as a forged link does, telling nothing of the account.
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
        : INVALID_LINK,
    );
  }
  const [row] = await ctx.db
    .select({ exp: contactExports, accountStatus: accounts.status })
    .from(contactExports)
    .innerJoin(accounts, eq(accounts.id, contactExports.accountId))
    .where(eq(contactExports.id, verified.subject));
  if (row && row.accountStatus !== "active") throw new DomainError("forbidden", INVALID_LINK);
  const exp = row && row.exp.status === "completed" && row.exp.expiresAt > now ? row.exp : undefined;
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
