import { CONSENT_ORIGINS, IMPORT_FORMATS, IMPORT_ON_EXISTING, IMPORT_STATUSES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

export const contactImport = z
  .object({
    id: z.string().openapi({ example: "imp_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
    status: z.enum(IMPORT_STATUSES),
    format: z.enum(IMPORT_FORMATS),
    fileName: z.string().nullable(),
    fileSize: z.number().int().nullable(),
    columns: z
      .record(z.string(), z.string())
      .openapi({ example: { "E-mail": "email", Mobile: "phone", "First name": "attributes.first_name" } }),
    listId: z.string().nullable(),
    onExisting: z.enum(IMPORT_ON_EXISTING),
    consent: z.object({
      origin: z.enum(CONSENT_ORIGINS),
      description: z.string(),
      text: z.string().nullable(),
    }),
    progress: z.object({
      percent: z.number().openapi({ description: "Of the file read, 0–100", example: 42.5 }),
      rowsRead: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int().openapi({ description: "Existing contacts left alone (`onExisting: skip`)" }),
      failed: z.number().int().openapi({ description: "Rows in the error report" }),
    }),
    error: z.string().nullable().openapi({ description: "Why the whole import failed" }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .openapi("ContactImport");

/** An import with its dates as ISO strings. */
export function importJson<T extends { createdAt: Date; updatedAt: Date; finishedAt: Date | null }>(row: T) {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export const notFound = { 404: problemResponse("No such import in this account") };
