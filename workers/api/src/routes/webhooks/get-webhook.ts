import { getWebhookEndpoint, webhookEndpointId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { endpointJson, notFound, webhookEndpoint } from "./schema";

const get = createRoute({
  method: "get",
  path: "/v1/webhooks/{id}",
  operationId: "getWebhookEndpoint",
  tags: ["webhooks"],
  summary: "A webhook endpoint (its secret is shown only at creation and rotation)",
  security: callerSecurity,
  request: { params: z.object({ id: webhookEndpointId }) },
  responses: {
    200: { description: "The endpoint", content: { "application/json": { schema: webhookEndpoint } } },
    400: problemResponse("Not a webhook endpoint id"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerGetWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(get, async (c) =>
    c.json(endpointJson(await getWebhookEndpoint({ ctx: accountCtx(c), input: c.req.valid("param") })), 200),
  );
}
