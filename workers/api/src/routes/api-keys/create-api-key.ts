import { createApiKey, createApiKeyInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";

const create = createRoute({
  method: "post",
  path: "/v1/api-keys",
  operationId: "createApiKey",
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
    ...callerErrors,
  },
});

export function registerCreateApiKey(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const key = await createApiKey({ ctx: accountCtx(c), input: c.req.valid("json") });
    return c.json({ ...key, createdAt: key.createdAt.toISOString() }, 201);
  });
}
