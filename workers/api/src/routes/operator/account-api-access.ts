import { setApiAccess } from "@edgepost/core";
import { idSchema } from "@edgepost/db";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { operatorCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { operatorSecurity } from "../security";
import { body, responses } from "./api-access-schema";

const forAccount = createRoute({
  method: "post",
  path: "/operator/v1/accounts/{id}/api-access",
  operationId: "setAccountApiAccess",
  tags: ["operator"],
  summary: "Restrict, block, or restore the API use of a whole account",
  security: operatorSecurity,
  request: {
    params: z.object({ id: idSchema("acc") }),
    body,
  },
  responses,
});

export function registerAccountApiAccess(app: OpenAPIHono<AppEnv>) {
  app.openapi(forAccount, async (c) => {
    const ctx = operatorCtx(c);
    const input = { target: { accountId: c.req.valid("param").id }, ...c.req.valid("json") };
    return c.json(await setApiAccess({ ctx, input }), 200);
  });
}
