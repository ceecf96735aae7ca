import { previewSegment, previewSegmentInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contactPage, exampleFilter, segmentJson } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/segments/preview",
  operationId: "previewSegment",
  tags: ["segments"],
  summary: "Count the contacts an unsaved filter matches and show the first of them",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: previewSegmentInput,
          example: { filter: exampleFilter, limit: 20 },
        },
      },
    },
  },
  responses: {
    200: {
      description: "The count and the newest matching contacts",
      content: {
        "application/json": { schema: z.object({ count: z.number().int(), ...contactPage }) },
      },
    },
    400: problemResponse("Invalid fields: each problem of the filter is named by its path"),
    ...callerErrors,
  },
});

export function registerPreviewSegment(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const preview = await previewSegment({ ctx: accountCtx(c), input: c.req.valid("json") });
    return c.json(
      { count: preview.count, items: preview.items.map(segmentJson), nextCursor: preview.nextCursor },
      200,
    );
  });
}
