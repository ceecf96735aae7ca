import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerCreateWebhook } from "./create-webhook";
import { registerDeleteWebhook } from "./delete-webhook";
import { registerGetWebhook } from "./get-webhook";
import { registerListWebhooks } from "./list-webhooks";
import { registerRotateWebhookSecret } from "./rotate-webhook-secret";
import { registerUpdateWebhook } from "./update-webhook";

/** Outgoing webhook endpoints under /v1/webhooks: add, list, read, change, delete, rotate the secret. */
export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>) {
  registerListWebhooks(app);
  registerCreateWebhook(app);
  registerGetWebhook(app);
  registerUpdateWebhook(app);
  registerDeleteWebhook(app);
  registerRotateWebhookSecret(app);
}
