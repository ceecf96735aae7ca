import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { ctxFrom } from "../ctx";
import type { AppEnv } from "../env";

const health = z.object({ status: z.enum(["ok", "degraded"]), database: z.enum(["ok", "unreachable"]) });

const route = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["operations"],
  summary: "Liveness and database reachability",
  responses: {
    200: {
      description: "The worker and its database answer",
      content: { "application/json": { schema: health } },
    },
    503: { description: "The database does not answer", content: { "application/json": { schema: health } } },
  },
});

export function registerHealthz(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    try {
      await ctxFrom(c.env).db.run(sql`select 1`);
      return c.json({ status: "ok" as const, database: "ok" as const }, 200);
    } catch (error) {
      console.error(JSON.stringify({ level: "error", requestId: c.get("requestId"), error: String(error) }));
      return c.json({ status: "degraded" as const, database: "unreachable" as const }, 503);
    }
  });
}
