import { getAccount } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { accountSchema, toAccount } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/account",
  tags: ["account"],
  summary: "The caller's account",
  security: callerSecurity,
  responses: {
    200: { description: "The account", content: { "application/json": { schema: accountSchema } } },
    401: problemResponse("Not authenticated"),
  },
});

export function registerGetAccount(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(toAccount(await getAccount({ ctx: accountCtx(c) })), 200));
}
