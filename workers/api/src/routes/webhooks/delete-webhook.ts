import { deleteWebhookEndpoint, webhookEndpointId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const remove = createRoute({
  method: "delete",
  path: "/v1/webhooks/{id}",
  operationId: "deleteWebhookEndpoint",
  tags: ["webhooks"],
  summary: "Delete an endpoint, with its pending deliveries: nothing more is POSTed to it",
  security: callerSecurity,
  request: { params: z.object({ id: webhookEndpointId }) },
  responses: {
    204: { description: "Deleted" },
    400: problemResponse("Not a webhook endpoint id"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerDeleteWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(remove, async (c) => {
    await deleteWebhookEndpoint({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
