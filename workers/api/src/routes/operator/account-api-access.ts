import { setApiAccess } from "@edgepost/core";
import { idSchema } from "@edgepost/db";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { requestCtx } from "../../request-ctx";
import { operatorSecurity } from "../security";
import { body, responses } from "./api-access-schema";

const forAccount = createRoute({
  method: "post",
  path: "/operator/v1/accounts/{id}/api-access",
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
    const ctx = { ...requestCtx(c), operator: "operator" };
    const input = { target: { accountId: c.req.valid("param").id }, ...c.req.valid("json") };
    return c.json(await setApiAccess({ ctx, input }), 200);
  });
}
