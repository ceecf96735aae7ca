import { apiKeyId, revokeApiKey } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { callerSecurity } from "../security";
import { errors } from "./schema";

const revoke = createRoute({
  method: "delete",
  path: "/v1/api-keys/{id}",
  tags: ["api keys"],
  summary: "Revoke a key: refused from the next request on",
  security: callerSecurity,
  request: { params: z.object({ id: apiKeyId }) },
  responses: {
    200: {
      description: "Revoked",
      content: { "application/json": { schema: z.object({ id: z.string(), revokedAt: z.iso.datetime() }) } },
    },
    ...errors,
  },
});

export function registerRevokeApiKey(app: OpenAPIHono<AppEnv>) {
  app.openapi(revoke, async (c) => {
    const revoked = await revokeApiKey({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.json({ id: revoked.id, revokedAt: revoked.revokedAt.toISOString() }, 200);
  });
}
