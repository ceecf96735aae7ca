import { inviteUser, inviteUserInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { deliveryCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { invitation, json } from "./schema";

const invite = createRoute({
  method: "post",
  path: "/v1/users/invitations",
  operationId: "inviteUser",
  tags: ["users"],
  summary: "Invite a person by email (needs a free seat)",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: inviteUserInput,
          example: { email: "ada@nordlicht.example", role: "editor" },
        },
      },
    },
  },
  responses: {
    201: json(invitation, "Invitation emailed"),
    400: problemResponse("Invalid fields"),
    409: problemResponse("No free seat"),
    ...callerErrors,
  },
});

export function registerInviteUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(invite, async (c) => {
    const ctx = {
      ...deliveryCtx(c),
      signingSecret: c.env.SIGNING_SECRET,
      linkBase: c.env.PUBLIC_API_URL,
    };
    const created = await inviteUser({ ctx, input: c.req.valid("json") });
    return c.json({ ...created, expiresAt: created.expiresAt.toISOString() }, 201);
  });
}
