import { createSegment, createSegmentInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { exampleFilter, segment, segmentJson } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/segments",
  operationId: "createSegment",
  tags: ["segments"],
  summary: "Save a filter over the account's contacts (attributes, list status, engagement)",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: createSegmentInput,
          example: { name: "Engaged pros", filter: exampleFilter },
        },
      },
    },
  },
  responses: {
    201: { description: "Saved", content: { "application/json": { schema: segment } } },
    400: problemResponse("Invalid fields: each problem of the filter is named by its path"),
    409: problemResponse("The account already has a segment of that name"),
    ...callerErrors,
  },
});

export function registerCreateSegment(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const created = await createSegment({ ctx: accountCtx(c), input: c.req.valid("json") });
    return c.json(segmentJson(created), 201);
  });
}
