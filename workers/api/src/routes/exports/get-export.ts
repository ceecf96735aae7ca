import { exportId, getExport } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { transferCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { contactExport, exportJson, notFound } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/exports/{id}",
  operationId: "getExport",
  tags: ["exports"],
  summary: "An export's status and, once written, a signed link to download it",
  security: callerSecurity,
  request: { params: z.object({ id: exportId }) },
  responses: {
    200: { description: "The export", content: { "application/json": { schema: contactExport } } },
    ...callerErrors,
    ...notFound,
  },
});

export function registerGetExport(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    c.header("cache-control", "no-store");
    return c.json(exportJson(await getExport({ ctx: transferCtx(c), input: c.req.valid("param") })), 200);
  });
}
