import { listSuppressions, listSuppressionsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { suppression, suppressionJson } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/suppressions",
  operationId: "listSuppressions",
  tags: ["suppressions"],
  summary: "Addresses this account never mails: hard bounces, complaints, unsubscribes and manual entries",
  security: callerSecurity,
  request: { query: listSuppressionsInput },
  responses: {
    200: {
      description: "A page, newest first",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(suppression), nextCursor: z.string().nullable() }),
        },
      },
    },
    400: problemResponse("Invalid query"),
    ...callerErrors,
  },
});

export function registerListSuppressions(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const page = await listSuppressions({ ctx: accountCtx(c), input: c.req.valid("query") });
    return c.json({ items: page.items.map(suppressionJson), nextCursor: page.nextCursor }, 200);
  });
}
