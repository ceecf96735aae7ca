import { segmentId, updateSegment, updateSegmentInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound, segment, segmentJson } from "./schema";

const route = createRoute({
  method: "patch",
  path: "/v1/segments/{id}",
  operationId: "updateSegment",
  tags: ["segments"],
  summary: "Rename a segment or replace its filter",
  security: callerSecurity,
  request: {
    params: z.object({ id: segmentId }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: updateSegmentInput,
          example: {
            name: "Engaged pros (EU)",
            filter: { field: "attributes.region", op: "eq", value: "eu" },
          },
        },
      },
    },
  },
  responses: {
    200: { description: "Changed", content: { "application/json": { schema: segment } } },
    400: problemResponse("Invalid fields: each problem of the filter is named by its path"),
    409: problemResponse("The account already has a segment of that name"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerUpdateSegment(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const input = { ...c.req.valid("param"), ...c.req.valid("json") };
    return c.json(segmentJson(await updateSegment({ ctx: accountCtx(c), input })), 200);
  });
}
