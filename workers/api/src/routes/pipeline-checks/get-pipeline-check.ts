import { createCtx, getPipelineCheck } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";

import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { pipelineCheck, toPipelineCheck } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/pipeline-checks/{id}",
  tags: ["operations"],
  summary: "Read a pipeline check",
  security: [{ apiKey: [] }],
  request: { params: z.object({ id: z.string().regex(/^chk_[0-9a-z]{26}$/) }) },
  responses: {
    200: { description: "The check", content: { "application/json": { schema: pipelineCheck } } },
    401: problemResponse("Missing or invalid API key"),
    404: problemResponse("No such check in this account"),
  },
});

export function registerGetPipelineCheck(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const check = await getPipelineCheck({
      ctx: createCtx(c.env),
      principal: c.get("principal"),
      input: { id: c.req.valid("param").id },
    });
    return c.json(toPipelineCheck(check), 200);
  });
}
