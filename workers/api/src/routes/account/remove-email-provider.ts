import { removeEmailProvider } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";

const route = createRoute({
  method: "delete",
  path: "/v1/account/email-provider",
  operationId: "removeEmailProvider",
  tags: ["account"],
  summary: "Go back to the platform's provider; the stored credentials are deleted",
  security: callerSecurity,
  responses: {
    204: { description: "Removed" },
    ...callerErrors,
  },
});

export function registerRemoveEmailProvider(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await removeEmailProvider({ ctx: accountCtx(c) });
    return c.body(null, 204);
  });
}
