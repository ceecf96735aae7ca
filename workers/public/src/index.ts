import { checkDatabase, createCtx } from "@edgepost/core";
import { Hono } from "hono";
import { type Env, envSchema } from "./env";

/** Hosted forms, confirmation, unsubscribe and tracking will live here; for now it answers health checks. */
const app = new Hono<{ Bindings: Env }>();

app.get("/healthz", async (c) => {
  const result = await checkDatabase({ ctx: createCtx(c.env) });
  return c.json(result, result.status === "ok" ? 200 : 503);
});

export default {
  fetch(request, env, ctx) {
    const parsed = envSchema.safeParse(env);
    if (!parsed.success) {
      console.error(
        JSON.stringify({ level: "error", msg: "invalid worker configuration", issues: parsed.error.issues }),
      );
      return Response.json(
        { title: "Worker misconfigured", status: 500, code: "misconfigured" },
        { status: 500 },
      );
    }
    return app.fetch(request, parsed.data, ctx);
  },
} satisfies ExportedHandler<CloudflareBindings>;
