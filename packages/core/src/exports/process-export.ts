import { contactExports, contactFields, contacts, listMemberships, lists, segments } from "@edgepost/db";
import { csvLine, XlsxWriter } from "@edgepost/tabular";
import { and, asc, eq, gt, inArray, type SQL } from "drizzle-orm";
import type { AccountCtx } from "../context";
import { InvalidFields } from "../errors";
import type { SegmentFilter } from "../segments/filter";
import { compileForAccount } from "../segments/segment-fields";
import type { MultipartUpload, TransferCtx } from "../transfers/file-store";
import { PartUpload } from "../transfers/part-upload";
import type { ExportRow } from "./export-record";

/** Contacts read per query. */
const PAGE = 1000;

type Cell = string | number | boolean | null;

/**
 * Writes an export's file from start to end: its contacts read in pages by id, each page encoded
 * (CSV or XLSX) and streamed to object storage as a multipart upload, so memory holds one page and
 * one part whatever the size. A run that finds an earlier upload under way (a consumer that died)
 * aborts it and starts again. A list, segment or field deleted meanwhile fails the export.
 */
export async function processExport({
  ctx,
  input,
}: {
  ctx: TransferCtx;
  input: { accountId: string; exportId: string };
}): Promise<void> {
  const exp = await unfinishedExport(ctx, input);
  if (!exp) return;
  const upload = await startUpload(ctx, exp);

  const where = await scope(ctx, exp).catch((error: unknown) => {
    // A segment whose filter names a field or list deleted since: it cannot be exported.
    if (error instanceof InvalidFields) return undefined;
    throw error;
  });
  if (!where) {
    await upload.abort();
    await settle(ctx, exp, {
      status: "failed",
      error: `The ${exp.source} was deleted, or its filter names a field or list that was.`,
    });
    return;
  }
  const fields = await fieldsOf(ctx, exp.accountId);
  const listId = exp.source === "list" ? (exp.sourceId ?? "") : undefined;
  const out = new PartUpload(upload);
  const { write, finish } = encoderOf(exp.format, out);
  await write([headerOf(fields, listId)]);
  let count = 0;
  let after: string | undefined;
  for (;;) {
    const page = await ctx.db
      .select({
        id: contacts.id,
        email: contacts.email,
        phone: contacts.phone,
        attributes: contacts.attributes,
        createdAt: contacts.createdAt,
        updatedAt: contacts.updatedAt,
        status: listMemberships.status,
      })
      .from(contacts)
      .leftJoin(
        listMemberships,
        and(eq(listMemberships.contactId, contacts.id), eq(listMemberships.listId, listId ?? "")),
      )
      .where(
        and(
          where,
          listId ? eq(listMemberships.listId, listId) : undefined,
          after ? gt(contacts.id, after) : undefined,
        ),
      )
      .orderBy(asc(contacts.id))
      .limit(PAGE);
    await write(
      page.map((c) => [
        c.id,
        c.email,
        c.phone,
        ...fields.map((f) => c.attributes[f.key] ?? null),
        ...(listId ? [c.status] : []),
        c.createdAt.toISOString(),
        c.updatedAt.toISOString(),
      ]),
    );
    count += page.length;
    after = page.at(-1)?.id;
    if (page.length < PAGE) break;
  }
  await finish();
  await out.complete();
  await settle(ctx, exp, { status: "completed", rows: count, bytes: out.bytes, error: null });
}

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

/** The export, unless it is finished (or not the account's). */
async function unfinishedExport(ctx: TransferCtx, input: { accountId: string; exportId: string }) {
  const [exp] = await ctx.db
    .select()
    .from(contactExports)
    .where(
      and(
        eq(contactExports.id, input.exportId),
        eq(contactExports.accountId, input.accountId),
        inArray(contactExports.status, ["queued", "processing"]),
      ),
    );
  return exp;
}

/** A new multipart upload of the export's file, recorded on it; one left by an earlier run is aborted first. */
async function startUpload(ctx: TransferCtx, exp: ExportRow): Promise<MultipartUpload> {
  if (exp.uploadId)
    await ctx.files
      .resumeMultipartUpload(exp.fileKey, exp.uploadId)
      .abort()
      .catch(() => undefined);
  const upload = await ctx.files.createMultipartUpload(exp.fileKey, {
    httpMetadata: { contentType: CONTENT_TYPES[exp.format] },
  });
  await ctx.db
    .update(contactExports)
    .set({ status: "processing", uploadId: upload.uploadId, updatedAt: ctx.now() })
    .where(eq(contactExports.id, exp.id));
  return upload;
}

/** The account's contact fields, a column each, by key. */
async function fieldsOf(ctx: TransferCtx, accountId: string) {
  return ctx.db
    .select({ key: contactFields.key })
    .from(contactFields)
    .where(eq(contactFields.accountId, accountId))
    .orderBy(asc(contactFields.key));
}

/** The file's first row: the contact's own columns, its fields, and the list status for a list's export. */
function headerOf(fields: { key: string }[], listId: string | undefined): Cell[] {
  return [
    "id",
    "email",
    "phone",
    ...fields.map((f) => f.key),
    ...(listId ? ["list_status"] : []),
    "created_at",
    "updated_at",
  ];
}

/** Rows encoded as CSV or XLSX and written to the upload as they come; `finish` writes what XLSX holds back. */
function encoderOf(format: ExportRow["format"], out: PartUpload) {
  const encoder = new TextEncoder();
  const xlsx = format === "xlsx" ? new XlsxWriter({ sheetName: "Contacts" }) : undefined;
  const write = async (rows: Cell[][]) => {
    if (xlsx) {
      for (const row of rows) xlsx.addRow(row);
      for (const piece of xlsx.take()) await out.write(piece);
    } else {
      await out.write(encoder.encode(rows.map(csvLine).join("")));
    }
  };
  const finish = async () => {
    if (xlsx) for (const piece of xlsx.finish()) await out.write(piece);
  };
  return { write, finish };
}

/** Which contacts the export holds, or `undefined` when its list or segment is gone. */
async function scope(ctx: TransferCtx, exp: ExportRow): Promise<SQL | undefined> {
  const ofAccount = eq(contacts.accountId, exp.accountId);
  if (exp.source === "contacts") return ofAccount;
  if (exp.source === "list") {
    const [list] = await ctx.db
      .select({ id: lists.id })
      .from(lists)
      .where(and(eq(lists.id, exp.sourceId ?? ""), eq(lists.accountId, exp.accountId)));
    return list ? ofAccount : undefined;
  }
  const [segment] = await ctx.db
    .select({ filter: segments.filter })
    .from(segments)
    .where(and(eq(segments.id, exp.sourceId ?? ""), eq(segments.accountId, exp.accountId)));
  if (!segment) return undefined;
  const asAccount: AccountCtx = {
    ...ctx,
    principal: { accountId: exp.accountId, accountStatus: "active", actor: exp.createdBy, scopes: [] },
  };
  return compileForAccount(asAccount, segment.filter as SegmentFilter);
}

async function settle(
  ctx: TransferCtx,
  exp: ExportRow,
  outcome:
    | { status: "completed"; rows: number; bytes: number; error: null }
    | { status: "failed"; error: string },
) {
  const now = ctx.now();
  await ctx.db
    .update(contactExports)
    .set({ ...outcome, uploadId: null, updatedAt: now, finishedAt: now })
    .where(eq(contactExports.id, exp.id));
}
