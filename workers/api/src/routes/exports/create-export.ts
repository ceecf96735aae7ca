import { createExport, createExportInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { transferCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contactExport, exportJson } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/exports",
  operationId: "createExport",
  tags: ["exports"],
  summary: "Export the account's contacts, a list's or a segment's, to CSV or XLSX",
  description:
    "Written in the background; `GET /v1/exports/{id}` then gives a signed download link. Cells a " +
    "spreadsheet would run as formulas are neutralised in CSV (a leading `'`); XLSX holds text as text.",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: createExportInput,
          example: { format: "xlsx", listId: "lst_01jf3m8q2v7k9x4c6b8n0p2r4t" },
        },
      },
    },
  },
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: contactExport } } },
    400: problemResponse("Invalid fields"),
    ...callerErrors,
    404: problemResponse("No such list or segment in this account"),
  },
});

export function registerCreateExport(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const created = await createExport({ ctx: transferCtx(c), input: c.req.valid("json") });
    return c.json(exportJson(created), 202);
  });
}
