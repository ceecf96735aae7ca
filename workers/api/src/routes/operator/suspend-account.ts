import { suspendAccount } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { operatorCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { operatorSecurity } from "../security";
import { params, responses } from "./account-status-schema";

const suspend = createRoute({
  method: "post",
  path: "/operator/v1/accounts/{id}/suspend",
  operationId: "suspendAccount",
  tags: ["operator"],
  summary: "Suspend an account: sending and API writes stop, reads stay possible",
  security: operatorSecurity,
  request: {
    params,
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z.object({ reason: z.string().max(1000).optional() }),
          example: { reason: "Chargebacks under review" },
        },
      },
    },
  },
  responses,
});

export function registerSuspendAccount(app: OpenAPIHono<AppEnv>) {
  app.openapi(suspend, async (c) => {
    const ctx = operatorCtx(c);
    const body = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : {};
    return c.json(await suspendAccount({ ctx, input: { accountId: c.req.valid("param").id, ...body } }), 200);
  });
}
