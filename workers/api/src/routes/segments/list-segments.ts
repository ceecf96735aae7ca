import { listSegments, listSegmentsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { segment, segmentJson } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/segments",
  operationId: "listSegments",
  tags: ["segments"],
  summary: "The account's segments, newest first",
  security: callerSecurity,
  request: { query: listSegmentsInput },
  responses: {
    200: {
      description: "A page, newest first",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(segment), nextCursor: z.string().nullable() }),
        },
      },
    },
    400: problemResponse("Invalid query"),
    ...callerErrors,
  },
});

export function registerListSegments(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const page = await listSegments({ ctx: accountCtx(c), input: c.req.valid("query") });
    return c.json({ items: page.items.map(segmentJson), nextCursor: page.nextCursor }, 200);
  });
}
