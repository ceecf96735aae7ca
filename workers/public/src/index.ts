import { checkDatabase, createCtx } from "@edgepost/core";
import { notFound, onError, parseBindings } from "@edgepost/http";
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { type Env, envSchema } from "./env";

/** Hosted forms, confirmation, unsubscribe and tracking will live here; for now it answers health checks. */
const app = new Hono<{ Bindings: Env; Variables: { requestId: string } }>();
app.use(requestId());
app.onError(onError);
app.notFound(notFound);

app.get("/healthz", async (c) => {
  const result = await checkDatabase({ ctx: createCtx(c.env, c.executionCtx) });
  return c.json(result, result.status === "ok" ? 200 : 503);
});

export default {
  fetch(request, env, ctx) {
    const bindings = parseBindings(envSchema, env);
    return bindings.ok ? app.fetch(request, bindings.env, ctx) : bindings.response;
  },
} satisfies ExportedHandler<CloudflareBindings>;
