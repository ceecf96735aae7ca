import { invitationId, revokeInvitation } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { json, notFound } from "./schema";

const revoke = createRoute({
  method: "delete",
  path: "/v1/users/invitations/{id}",
  operationId: "revokeInvitation",
  tags: ["users"],
  summary: "Withdraw a pending invitation",
  security: callerSecurity,
  request: { params: z.object({ id: invitationId }) },
  responses: { 200: json(z.object({ id: z.string() }), "Withdrawn"), ...notFound, ...callerErrors },
});

export function registerRevokeInvitation(app: OpenAPIHono<AppEnv>) {
  app.openapi(revoke, async (c) =>
    c.json(await revokeInvitation({ ctx: accountCtx(c), input: c.req.valid("param") }), 200),
  );
}
