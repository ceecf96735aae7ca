import { signOut } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { requestCtx } from "../../request-ctx";
import { clearSessionCookie, readSessionCookie } from "../../session-cookie";

const route = createRoute({
  method: "post",
  path: "/v1/auth/sign-out",
  tags: ["auth"],
  summary: "End this browser's session, on the server too",
  responses: { 204: { description: "Signed out" } },
});

export function registerSignOut(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const token = readSessionCookie(c);
    if (token) await signOut({ ctx: requestCtx(c), input: { token } });
    clearSessionCookie(c);
    return c.body(null, 204);
  });
}
