import { startPipelineCheck } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";

import { deliveryCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { pipelineCheck, toPipelineCheck } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/pipeline-checks",
  operationId: "startPipelineCheck",
  tags: ["operations"],
  summary: "Send a synthetic message through the delivery queue",
  description: "Proves the path API → queue → delivery worker → database for the calling account.",
  security: callerSecurity,
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: pipelineCheck } } },
    503: problemResponse("The delivery queue refused the message"),
    ...callerErrors,
  },
});

export function registerCreatePipelineCheck(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const check = await startPipelineCheck({ ctx: deliveryCtx(c) });
    return c.json(toPipelineCheck(check), 202);
  });
}
