import { signOut } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { requestCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { clearSessionCookie, readSessionCookie } from "../../session-cookie";
import { publicErrors } from "../errors";
import { publicSecurity } from "../security";

const route = createRoute({
  method: "post",
  path: "/v1/auth/sign-out",
  operationId: "signOut",
  tags: ["auth"],
  summary: "End this browser's session, on the server too",
  security: publicSecurity,
  responses: { 204: { description: "Signed out" }, ...publicErrors },
});

export function registerSignOut(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const token = readSessionCookie(c);
    if (token) await signOut({ ctx: requestCtx(c), input: { token } });
    clearSessionCookie(c);
    return c.body(null, 204);
  });
}
