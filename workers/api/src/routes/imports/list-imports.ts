import { listImports, listImportsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { contactImport, importJson } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/imports",
  operationId: "listImports",
  tags: ["imports"],
  summary: "The account's imports, newest first",
  security: callerSecurity,
  request: { query: listImportsInput },
  responses: {
    200: {
      description: "A page",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(contactImport), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...callerErrors,
  },
});

export function registerListImports(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { items, nextCursor } = await listImports({ ctx: accountCtx(c), input: c.req.valid("query") });
    return c.json({ items: items.map(importJson), nextCursor }, 200);
  });
}
