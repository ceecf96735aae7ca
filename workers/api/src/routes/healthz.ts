import { checkDatabase } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { requestCtx } from "../request-ctx";

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
    const result = await checkDatabase({ ctx: requestCtx(c) });
    return result.status === "ok" ? c.json(result, 200) : c.json(result, 503);
  });
}
