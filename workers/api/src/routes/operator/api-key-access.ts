import { apiKeyId, setApiAccess } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { operatorCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { operatorSecurity } from "../security";
import { body, responses } from "./api-access-schema";

const forKey = createRoute({
  method: "post",
  path: "/operator/v1/api-keys/{id}/access",
  operationId: "setApiKeyAccess",
  tags: ["operator"],
  summary: "Restrict (10 requests a minute), block, or restore one API key",
  security: operatorSecurity,
  request: { params: z.object({ id: apiKeyId }), body },
  responses,
});

export function registerApiKeyAccess(app: OpenAPIHono<AppEnv>) {
  app.openapi(forKey, async (c) => {
    const ctx = operatorCtx(c);
    const input = { target: { apiKeyId: c.req.valid("param").id }, ...c.req.valid("json") };
    return c.json(await setApiAccess({ ctx, input }), 200);
  });
}
