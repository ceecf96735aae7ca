import { updateWebhookEndpoint, updateWebhookEndpointInput, webhookEndpointId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { webhookCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { endpointJson, notFound, webhookEndpoint } from "./schema";

const update = createRoute({
  method: "patch",
  path: "/v1/webhooks/{id}",
  operationId: "updateWebhookEndpoint",
  tags: ["webhooks"],
  summary: "Change an endpoint's URL or events, or turn it off and on again",
  security: callerSecurity,
  request: {
    params: z.object({ id: webhookEndpointId }),
    body: {
      required: true,
      content: { "application/json": { schema: updateWebhookEndpointInput, example: { enabled: true } } },
    },
  },
  responses: {
    200: { description: "Changed", content: { "application/json": { schema: webhookEndpoint } } },
    400: problemResponse("Invalid fields: the URL must be https:// to a public host, the events known ones"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerUpdateWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(update, async (c) => {
    const input = { ...c.req.valid("param"), ...c.req.valid("json") };
    return c.json(endpointJson(await updateWebhookEndpoint({ ctx: webhookCtx(c), input })), 200);
  });
}
