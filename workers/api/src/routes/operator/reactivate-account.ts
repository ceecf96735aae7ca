import { reactivateAccount } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { operatorCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { operatorSecurity } from "../security";
import { params, responses } from "./account-status-schema";

const reactivate = createRoute({
  method: "post",
  path: "/operator/v1/accounts/{id}/reactivate",
  operationId: "reactivateAccount",
  tags: ["operator"],
  summary: "Lift a suspension",
  security: operatorSecurity,
  request: { params },
  responses,
});

export function registerReactivateAccount(app: OpenAPIHono<AppEnv>) {
  app.openapi(reactivate, async (c) => {
    const ctx = operatorCtx(c);
    return c.json(await reactivateAccount({ ctx, input: { accountId: c.req.valid("param").id } }), 200);
  });
}
