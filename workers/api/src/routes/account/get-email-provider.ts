import { getEmailProvider } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { emailProvider } from "./email-provider";

const route = createRoute({
  method: "get",
  path: "/v1/account/email-provider",
  operationId: "getEmailProvider",
  tags: ["account"],
  summary: "Which provider sends this account's emails",
  security: callerSecurity,
  responses: {
    200: { description: "The provider", content: { "application/json": { schema: emailProvider } } },
    ...callerErrors,
  },
});

export function registerGetEmailProvider(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const provider = await getEmailProvider({ ctx: accountCtx(c) });
    return c.json({ ...provider, updatedAt: provider.updatedAt?.toISOString() ?? null }, 200);
  });
}
