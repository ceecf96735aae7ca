import { getAccount } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { accountSchema, toAccount } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/account",
  operationId: "getAccount",
  tags: ["account"],
  summary: "The caller's account",
  security: callerSecurity,
  responses: {
    200: { description: "The account", content: { "application/json": { schema: accountSchema } } },
    ...callerErrors,
  },
});

export function registerGetAccount(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(toAccount(await getAccount({ ctx: accountCtx(c) })), 200));
}
