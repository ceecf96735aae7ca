import { importErrorReport, importId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/imports/{id}/errors",
  operationId: "getImportErrorReport",
  tags: ["imports"],
  summary: "The row-level error report of an import, as CSV: row, column, value, error",
  description: "Every row that was not imported and why; so far while the import runs.",
  security: callerSecurity,
  request: { params: z.object({ id: importId }) },
  responses: {
    200: {
      description: "The report",
      content: {
        "text/csv": {
          schema: z
            .string()
            .openapi({ example: "row,column,value,error\r\n7,E-mail,ann@,is not a valid email address\r\n" }),
        },
      },
    },
    ...callerErrors,
    ...notFound,
  },
});

export function registerImportErrors(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const report = await importErrorReport({ ctx: accountCtx(c), input: { id } });
    return c.body(report, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${id}-errors.csv"`,
      "cache-control": "no-store",
    });
  });
}
