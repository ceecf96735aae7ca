import { invitationId, revokeInvitation } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { callerSecurity } from "../security";
import { errors, json } from "./schema";

const revoke = createRoute({
  method: "delete",
  path: "/v1/users/invitations/{id}",
  tags: ["users"],
  summary: "Withdraw a pending invitation",
  security: callerSecurity,
  request: { params: z.object({ id: invitationId }) },
  responses: { 200: json(z.object({ id: z.string() }), "Withdrawn"), ...errors },
});

export function registerRevokeInvitation(app: OpenAPIHono<AppEnv>) {
  app.openapi(revoke, async (c) =>
    c.json(await revokeInvitation({ ctx: accountCtx(c), input: c.req.valid("param") }), 200),
  );
}
