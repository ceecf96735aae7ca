import { rotateWebhookSecret, webhookEndpointId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { webhookCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { endpointJson, notFound, webhookEndpointWithSecret } from "./schema";

const rotate = createRoute({
  method: "post",
  path: "/v1/webhooks/{id}/rotate-secret",
  operationId: "rotateWebhookSecret",
  tags: ["webhooks"],
  summary: "Replace an endpoint's signing secret: the new one signs from now on and is in this answer only",
  security: callerSecurity,
  request: { params: z.object({ id: webhookEndpointId }) },
  responses: {
    200: { description: "Rotated", content: { "application/json": { schema: webhookEndpointWithSecret } } },
    400: problemResponse("Not a webhook endpoint id"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerRotateWebhookSecret(app: OpenAPIHono<AppEnv>) {
  app.openapi(rotate, async (c) => {
    const rotated = await rotateWebhookSecret({ ctx: webhookCtx(c), input: c.req.valid("param") });
    return c.json(endpointJson(rotated), 200);
  });
}
