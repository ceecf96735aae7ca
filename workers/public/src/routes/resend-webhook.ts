import { verifyResendWebhook } from "@edgepost/messaging/provider-events";
import type { Hono } from "hono";
import type { Env } from "../env";
import { handleProviderWebhook } from "./provider-webhook";

/** Resend's email events, signed by Svix. */
export function registerResendWebhook(app: Hono<{ Bindings: Env; Variables: { requestId: string } }>) {
  app.post("/webhooks/resend", async (c) => {
    const secret = c.env.RESEND_WEBHOOK_SECRET;
    if (!secret) return c.notFound();
    return handleProviderWebhook(c, (request) => verifyResendWebhook(request, { secret }));
  });
}
