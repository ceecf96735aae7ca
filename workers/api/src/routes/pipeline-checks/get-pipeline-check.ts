import { getPipelineCheck, pipelineCheckId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";

import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { pipelineCheck, toPipelineCheck } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/pipeline-checks/{id}",
  operationId: "getPipelineCheck",
  tags: ["operations"],
  summary: "Read a pipeline check",
  security: callerSecurity,
  request: { params: z.object({ id: pipelineCheckId }) },
  responses: {
    200: { description: "The check", content: { "application/json": { schema: pipelineCheck } } },
    404: problemResponse("No such check in this account"),
    ...callerErrors,
  },
});

export function registerGetPipelineCheck(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const check = await getPipelineCheck({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.json(toPipelineCheck(check), 200);
  });
}
