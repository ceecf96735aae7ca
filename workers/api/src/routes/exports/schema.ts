import { EXPORT_FORMATS, EXPORT_SOURCES, EXPORT_STATUSES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

export const contactExport = z
  .object({
    id: z.string().openapi({ example: "exp_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
    status: z.enum(EXPORT_STATUSES),
    format: z.enum(EXPORT_FORMATS),
    source: z.enum(EXPORT_SOURCES),
    sourceId: z.string().nullable(),
    rows: z.number().int(),
    bytes: z.number().int(),
    error: z.string().nullable(),
    download: z
      .object({
        url: z.string().openapi({ description: "Works without credentials until `expiresAt`" }),
        expiresAt: z.iso.datetime(),
      })
      .nullable()
      .openapi({ description: "Once completed: a signed link, new at every read, valid for an hour" }),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    expiresAt: z.iso.datetime().openapi({ description: "When the file is deleted" }),
  })
  .openapi("ContactExport");

type View = {
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
  download: { url: string; expiresAt: Date } | null;
};

/** An export with its dates as ISO strings. */
export function exportJson<T extends View>(row: T) {
  return {
    ...row,
    download: row.download
      ? { url: row.download.url, expiresAt: row.download.expiresAt.toISOString() }
      : null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
  };
}

export const notFound = { 404: problemResponse("No such export in this account") };
