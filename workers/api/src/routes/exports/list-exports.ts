import { listExports, listExportsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { transferCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { contactExport, exportJson } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/exports",
  operationId: "listExports",
  tags: ["exports"],
  summary: "The account's exports, newest first",
  security: callerSecurity,
  request: { query: listExportsInput },
  responses: {
    200: {
      description: "A page",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(contactExport), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...callerErrors,
  },
});

export function registerListExports(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    c.header("cache-control", "no-store");
    const { items, nextCursor } = await listExports({ ctx: transferCtx(c), input: c.req.valid("query") });
    return c.json({ items: items.map(exportJson), nextCursor }, 200);
  });
}
