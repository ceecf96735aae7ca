import { deleteSegment, segmentId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/v1/segments/{id}",
  operationId: "deleteSegment",
  tags: ["segments"],
  summary: "Delete a segment (its contacts are not touched)",
  security: callerSecurity,
  request: { params: z.object({ id: segmentId }) },
  responses: {
    204: { description: "Deleted" },
    ...callerErrors,
    ...notFound,
  },
});

export function registerDeleteSegment(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await deleteSegment({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
