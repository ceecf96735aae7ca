import { checkDatabase, createCtx } from "@edgepost/core";
import { notFound, onError, parseBindings } from "@edgepost/http";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import type { PublicApp } from "./app-type";
import { envSchema } from "./env";
import { registerPostmarkWebhook } from "./routes/postmark-webhook";
import { registerResendWebhook } from "./routes/resend-webhook";
import { registerSesWebhook } from "./routes/ses-webhook";
import { registerTrackingRoutes } from "./routes/tracking";
import { registerUnsubscribeRoutes } from "./routes/unsubscribe";

/** Provider webhooks; hosted forms, confirmation, unsubscribe and tracking will live here too. */
const app: PublicApp = new Hono();
app.use(requestId());
app.onError(onError);
app.notFound(notFound);

app.get("/healthz", async (c) => {
  const result = await checkDatabase({ ctx: createCtx(c.env, c.executionCtx) });
  return c.json(result, result.status === "ok" ? 200 : 503);
});

registerSesWebhook(app);
registerPostmarkWebhook(app);
registerResendWebhook(app);
registerUnsubscribeRoutes(app);
registerTrackingRoutes(app);

export default {
  fetch(request, env, ctx) {
    const bindings = parseBindings(envSchema, env);
    return bindings.ok ? app.fetch(request, bindings.env, ctx) : bindings.response;
  },
} satisfies ExportedHandler<CloudflareBindings>;
