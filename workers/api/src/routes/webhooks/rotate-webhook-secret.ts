import { rotateWebhookSecret, webhookEndpointId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { endpointJson, errors, notFound, webhookCtx, webhookEndpointWithSecret } from "./schema";

const rotate = createRoute({
  method: "post",
  path: "/v1/webhooks/{id}/rotate-secret",
  tags: ["webhooks"],
  summary: "Replace an endpoint's signing secret: the new one signs from now on and is in this answer only",
  security: callerSecurity,
  request: { params: z.object({ id: webhookEndpointId }) },
  responses: {
    200: { description: "Rotated", content: { "application/json": { schema: webhookEndpointWithSecret } } },
    400: problemResponse("Not a webhook endpoint id"),
    ...errors,
    ...notFound,
  },
});

export function registerRotateWebhookSecret(app: OpenAPIHono<AppEnv>) {
  app.openapi(rotate, async (c) => {
    const rotated = await rotateWebhookSecret({ ctx: webhookCtx(c), input: c.req.valid("param") });
    return c.json(endpointJson(rotated), 200);
  });
}
