import { startPipelineCheck } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";

import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { pipelineCheck, toPipelineCheck } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/pipeline-checks",
  tags: ["operations"],
  summary: "Send a synthetic message through the delivery queue",
  description: "Proves the path API → queue → delivery worker → database for the calling account.",
  security: callerSecurity,
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: pipelineCheck } } },
    401: problemResponse("Missing or invalid API key"),
    403: problemResponse("The account is suspended"),
    503: problemResponse("The delivery queue refused the message"),
  },
});

export function registerCreatePipelineCheck(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const check = await startPipelineCheck({ ctx: { ...accountCtx(c), delivery: c.env.DELIVERY_QUEUE } });
    return c.json(toPipelineCheck(check), 202);
  });
}
