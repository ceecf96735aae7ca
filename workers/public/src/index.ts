import { createDb } from "@edgepost/db";
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { type Env, envSchema } from "./env";

/** Hosted forms, confirmation, unsubscribe and tracking will live here; for now it answers health checks. */
const app = new Hono<{ Bindings: Env }>();

app.get("/healthz", async (c) => {
  try {
    await createDb({ url: c.env.LIBSQL_URL, authToken: c.env.LIBSQL_AUTH_TOKEN }).run(sql`select 1`);
    return c.json({ status: "ok", database: "ok" });
  } catch (error) {
    console.error(JSON.stringify({ level: "error", msg: "database unreachable", error: String(error) }));
    return c.json({ status: "degraded", database: "unreachable" }, 503);
  }
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
