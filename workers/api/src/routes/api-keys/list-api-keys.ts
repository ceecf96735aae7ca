import { listApiKeys } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { apiKey, iso } from "./schema";

const list = createRoute({
  method: "get",
  path: "/v1/api-keys",
  operationId: "listApiKeys",
  tags: ["api keys"],
  summary: "The account's API keys (never their secrets)",
  security: callerSecurity,
  responses: {
    200: {
      description: "Keys",
      content: { "application/json": { schema: z.object({ items: z.array(apiKey) }) } },
    },
    ...callerErrors,
  },
});

export function registerListApiKeys(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const keys = await listApiKeys({ ctx: accountCtx(c) });
    const items = keys.map((k) => ({
      ...k,
      expiresAt: iso(k.expiresAt),
      revokedAt: iso(k.revokedAt),
      lastUsedAt: iso(k.lastUsedAt),
      createdAt: k.createdAt.toISOString(),
    }));
    return c.json({ items }, 200);
  });
}
