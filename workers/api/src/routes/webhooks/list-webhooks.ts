import { listWebhookEndpoints, listWebhookEndpointsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { endpointJson, webhookEndpoint } from "./schema";

const list = createRoute({
  method: "get",
  path: "/v1/webhooks",
  operationId: "listWebhookEndpoints",
  tags: ["webhooks"],
  summary: "The account's webhook endpoints, newest first (never their secrets)",
  security: callerSecurity,
  request: { query: listWebhookEndpointsInput },
  responses: {
    200: {
      description: "A page of endpoints",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(webhookEndpoint), nextCursor: z.string().nullable() }),
        },
      },
    },
    400: problemResponse("Invalid query"),
    ...callerErrors,
  },
});

export function registerListWebhooks(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const page = await listWebhookEndpoints({ ctx: accountCtx(c), input: c.req.valid("query") });
    return c.json({ items: page.items.map(endpointJson), nextCursor: page.nextCursor }, 200);
  });
}
