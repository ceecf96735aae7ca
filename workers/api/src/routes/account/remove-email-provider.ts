import { removeEmailProvider } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";

const route = createRoute({
  method: "delete",
  path: "/v1/account/email-provider",
  tags: ["account"],
  summary: "Go back to the platform's provider; the stored credentials are deleted",
  security: callerSecurity,
  responses: {
    204: { description: "Removed" },
    401: problemResponse("Not authenticated"),
    403: problemResponse("Owners and admins only, or the account is suspended"),
  },
});

export function registerRemoveEmailProvider(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await removeEmailProvider({ ctx: accountCtx(c) });
    return c.body(null, 204);
  });
}
