import { importId, uploadImportFile } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { transferCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contactImport, importJson, notFound } from "./schema";

const route = createRoute({
  method: "put",
  path: "/v1/imports/{id}/file",
  operationId: "uploadImportFile",
  tags: ["imports"],
  summary: "Upload the file of an import (the raw bytes, at most 100 MiB)",
  description:
    "The body is the file itself, with its `Content-Length`. Its first row is read at once: the " +
    "columns are mapped (400 when the mapping does not fit the header; upload again), then the rows " +
    "are imported in the background in chunks of 1,000, each all or nothing.",
  security: callerSecurity,
  request: {
    params: z.object({ id: importId }),
    body: {
      required: true,
      content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
    },
  },
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: contactImport } } },
    400: problemResponse("The mapping does not fit the file's header"),
    409: problemResponse("The import has its file already"),
    411: problemResponse("No Content-Length"),
    413: problemResponse("The file is larger than 100 MiB"),
    422: problemResponse("The file cannot be read (empty, not of its format, password-protected…)"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerUploadImportFile(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const length = c.req.header("content-length");
    const queued = await uploadImportFile({
      ctx: transferCtx(c),
      input: { id: c.req.valid("param").id, body: c.req.raw.body, size: length ? Number(length) : undefined },
    });
    return c.json(importJson(queued), 202);
  });
}
