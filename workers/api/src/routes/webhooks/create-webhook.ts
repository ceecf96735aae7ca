import { createWebhookEndpoint, createWebhookEndpointInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { webhookCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { endpointJson, webhookEndpointWithSecret } from "./schema";

const create = createRoute({
  method: "post",
  path: "/v1/webhooks",
  operationId: "createWebhookEndpoint",
  tags: ["webhooks"],
  summary: "Add an endpoint for message events; its signing secret is in this answer only",
  description:
    "Each event is POSTed as JSON `{ type, createdAt, data }`, signed in the Standard Webhooks format " +
    "(`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256>`), and retried " +
    "with backoff until the endpoint answers 2xx. An endpoint answering 410 Gone is disabled.",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: createWebhookEndpointInput,
          example: {
            url: "https://hooks.example.com/edgepost",
            events: ["delivered", "bounced", "complained"],
          },
        },
      },
    },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: webhookEndpointWithSecret } } },
    400: problemResponse("Invalid fields: the URL must be https:// to a public host, the events known ones"),
    409: problemResponse("The account has as many endpoints as it may"),
    ...callerErrors,
  },
});

export function registerCreateWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const created = await createWebhookEndpoint({ ctx: webhookCtx(c), input: c.req.valid("json") });
    return c.json(endpointJson(created), 201);
  });
}
