import { countSegment, segmentId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/segments/{id}/count",
  operationId: "countSegment",
  tags: ["segments"],
  summary: "How many contacts are in a segment now",
  security: callerSecurity,
  request: { params: z.object({ id: segmentId }) },
  responses: {
    200: {
      description: "The count",
      content: { "application/json": { schema: z.object({ id: z.string(), count: z.number().int() }) } },
    },
    400: problemResponse("The saved filter names a contact field or list that no longer exists"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerCountSegment(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    return c.json(await countSegment({ ctx: accountCtx(c), input: c.req.valid("param") }), 200);
  });
}
