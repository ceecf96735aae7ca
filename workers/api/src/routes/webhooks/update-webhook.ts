import { updateWebhookEndpoint, updateWebhookEndpointInput, webhookEndpointId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { endpointJson, errors, notFound, webhookEndpoint } from "./schema";

const update = createRoute({
  method: "patch",
  path: "/v1/webhooks/{id}",
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
    400: problemResponse("Invalid fields"),
    ...errors,
    ...notFound,
  },
});

export function registerUpdateWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(update, async (c) => {
    const input = { ...c.req.valid("param"), ...c.req.valid("json") };
    return c.json(endpointJson(await updateWebhookEndpoint({ ctx: accountCtx(c), input })), 200);
  });
}
