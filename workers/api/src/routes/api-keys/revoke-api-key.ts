import { apiKeyId, revokeApiKey } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const revoke = createRoute({
  method: "delete",
  path: "/v1/api-keys/{id}",
  operationId: "revokeApiKey",
  tags: ["api keys"],
  summary: "Revoke a key: refused from the next request on",
  security: callerSecurity,
  request: { params: z.object({ id: apiKeyId }) },
  responses: {
    200: {
      description: "Revoked",
      content: { "application/json": { schema: z.object({ id: z.string(), revokedAt: z.iso.datetime() }) } },
    },
    ...notFound,
    ...callerErrors,
  },
});

export function registerRevokeApiKey(app: OpenAPIHono<AppEnv>) {
  app.openapi(revoke, async (c) => {
    const revoked = await revokeApiKey({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.json({ id: revoked.id, revokedAt: revoked.revokedAt.toISOString() }, 200);
  });
}
