import { apiKeyId, createApiKey, createApiKeyInput, listApiKeys, revokeApiKey } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";

const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    start: z.string().openapi({ description: "The first characters, to recognise the key" }),
    environment: z.enum(["live", "test"]),
    scopes: z.array(z.string()),
    access: z.enum(["standard", "restricted", "blocked"]),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("ApiKey");
const errors = {
  401: problemResponse("Not authenticated"),
  403: problemResponse("Not allowed, or the account is suspended"),
  404: problemResponse("No such key in this account"),
};
const iso = (d: Date | null) => d?.toISOString() ?? null;

const list = createRoute({
  method: "get",
  path: "/v1/api-keys",
  tags: ["api keys"],
  summary: "The account's API keys (never their secrets)",
  security: callerSecurity,
  responses: {
    200: {
      description: "Keys",
      content: { "application/json": { schema: z.object({ items: z.array(apiKey) }) } },
    },
    ...errors,
  },
});
const create = createRoute({
  method: "post",
  path: "/v1/api-keys",
  tags: ["api keys"],
  summary: "Create an API key; the key is shown in this response only",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: createApiKeyInput,
          example: { name: "Deploy pipeline", environment: "test", scopes: ["pipeline_checks:write"] },
        },
      },
    },
  },
  responses: {
    201: {
      description: "Created",
      content: {
        "application/json": {
          schema: z.object({
            id: z.string(),
            key: z.string(),
            start: z.string(),
            createdAt: z.iso.datetime(),
          }),
        },
      },
    },
    400: problemResponse("Invalid fields"),
    ...errors,
  },
});
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

export function registerApiKeys(app: OpenAPIHono<AppEnv>) {
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
  app.openapi(create, async (c) => {
    const key = await createApiKey({ ctx: accountCtx(c), input: c.req.valid("json") });
    return c.json({ ...key, createdAt: key.createdAt.toISOString() }, 201);
  });
  app.openapi(revoke, async (c) => {
    const revoked = await revokeApiKey({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.json({ id: revoked.id, revokedAt: revoked.revokedAt.toISOString() }, 200);
  });
}
