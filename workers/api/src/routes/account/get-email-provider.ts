import { getEmailProvider } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { emailProvider } from "./email-provider";

const route = createRoute({
  method: "get",
  path: "/v1/account/email-provider",
  tags: ["account"],
  summary: "Which provider sends this account's emails",
  security: callerSecurity,
  responses: {
    200: { description: "The provider", content: { "application/json": { schema: emailProvider } } },
    401: problemResponse("Not authenticated"),
    403: problemResponse("Not allowed"),
  },
});

export function registerGetEmailProvider(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const provider = await getEmailProvider({ ctx: accountCtx(c) });
    return c.json({ ...provider, updatedAt: provider.updatedAt?.toISOString() ?? null }, 200);
  });
}
