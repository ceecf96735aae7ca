import { listExports, listExportsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { transferCtx } from "../../transfer-ctx";
import { callerSecurity } from "../security";
import { contactExport, errors, exportJson } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/exports",
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
    ...errors,
  },
});

export function registerListExports(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    c.header("cache-control", "no-store");
    const { items, nextCursor } = await listExports({ ctx: transferCtx(c), input: c.req.valid("query") });
    return c.json({ items: items.map(exportJson), nextCursor }, 200);
  });
}
