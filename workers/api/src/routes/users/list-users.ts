import { listUsers } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { invitation, iso, json, user } from "./schema";

const list = createRoute({
  method: "get",
  path: "/v1/users",
  operationId: "listUsers",
  tags: ["users"],
  summary: "The account's users and pending invitations",
  security: callerSecurity,
  responses: {
    200: json(z.object({ users: z.array(user), invitations: z.array(invitation) }), "Users"),
    ...callerErrors,
  },
});

export function registerListUsers(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const result = await listUsers({ ctx: accountCtx(c) });
    return c.json(
      {
        users: result.users.map((u) => ({
          ...u,
          emailVerifiedAt: iso(u.emailVerifiedAt),
          lastLoginAt: iso(u.lastLoginAt),
          deletedAt: iso(u.deletedAt),
          removeAt: iso(u.removeAt),
          createdAt: u.createdAt.toISOString(),
        })),
        invitations: result.invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString() })),
      },
      200,
    );
  });
}
