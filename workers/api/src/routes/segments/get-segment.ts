import { getSegment, segmentId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { notFound, segment, segmentJson } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/segments/{id}",
  operationId: "getSegment",
  tags: ["segments"],
  summary: "One segment, with its filter as it was given",
  security: callerSecurity,
  request: { params: z.object({ id: segmentId }) },
  responses: {
    200: { description: "The segment", content: { "application/json": { schema: segment } } },
    ...callerErrors,
    ...notFound,
  },
});

export function registerGetSegment(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    return c.json(segmentJson(await getSegment({ ctx: accountCtx(c), input: c.req.valid("param") })), 200);
  });
}
