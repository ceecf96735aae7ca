import { getImport, importId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { contactImport, importJson, notFound } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/imports/{id}",
  operationId: "getImport",
  tags: ["imports"],
  summary:
    "An import's status and progress: percent of the file read, rows created, updated, skipped, failed",
  security: callerSecurity,
  request: { params: z.object({ id: importId }) },
  responses: {
    200: { description: "The import", content: { "application/json": { schema: contactImport } } },
    ...callerErrors,
    ...notFound,
  },
});

export function registerGetImport(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    return c.json(importJson(await getImport({ ctx: accountCtx(c), input: c.req.valid("param") })), 200);
  });
}
