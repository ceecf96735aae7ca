import { countSegment, segmentId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { errors, notFound } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/segments/{id}/count",
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
    ...errors,
    ...notFound,
  },
});

export function registerCountSegment(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    return c.json(await countSegment({ ctx: accountCtx(c), input: c.req.valid("param") }), 200);
  });
}
