import { deleteSegment, segmentId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { callerSecurity } from "../security";
import { errors, notFound } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/v1/segments/{id}",
  tags: ["segments"],
  summary: "Delete a segment (its contacts are not touched)",
  security: callerSecurity,
  request: { params: z.object({ id: segmentId }) },
  responses: {
    204: { description: "Deleted" },
    ...errors,
    ...notFound,
  },
});

export function registerDeleteSegment(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await deleteSegment({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
