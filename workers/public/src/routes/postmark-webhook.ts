import { verifyPostmarkWebhook } from "@edgepost/messaging/provider-events";
import type { Hono } from "hono";
import type { Env } from "../env";
import { handleProviderWebhook } from "./provider-webhook";

/** Postmark bounce, spam-complaint and delivery webhooks, authenticated by the Basic credentials in their URL. */
export function registerPostmarkWebhook(app: Hono<{ Bindings: Env; Variables: { requestId: string } }>) {
  app.post("/webhooks/postmark", async (c) => {
    const { POSTMARK_WEBHOOK_USERNAME: username, POSTMARK_WEBHOOK_PASSWORD: password } = c.env;
    if (!username || !password) return c.notFound();
    return handleProviderWebhook(c, (request) => verifyPostmarkWebhook(request, { username, password }));
  });
}
