import { checkDatabase } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requestCtx } from "../contexts";
import type { AppEnv } from "../env";
import { unexpectedError } from "./errors";
import { publicSecurity } from "./security";

const health = z.object({ status: z.enum(["ok", "degraded"]), database: z.enum(["ok", "unreachable"]) });

const route = createRoute({
  method: "get",
  path: "/healthz",
  operationId: "checkHealth",
  tags: ["operations"],
  summary: "Liveness and database reachability",
  security: publicSecurity,
  responses: {
    200: {
      description: "The worker and its database answer",
      content: { "application/json": { schema: health } },
    },
    503: { description: "The database does not answer", content: { "application/json": { schema: health } } },
    ...unexpectedError,
  },
});

export function registerHealthz(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const result = await checkDatabase({ ctx: requestCtx(c) });
    return result.status === "ok" ? c.json(result, 200) : c.json(result, 503);
  });
}
