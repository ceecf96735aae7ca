import { inviteUser, inviteUserInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { errors, invitation, json } from "./schema";

const invite = createRoute({
  method: "post",
  path: "/v1/users/invitations",
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
    ...errors,
  },
});

export function registerInviteUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(invite, async (c) => {
    const ctx = {
      ...accountCtx(c),
      delivery: c.env.DELIVERY_QUEUE,
      signingSecret: c.env.SIGNING_SECRET,
      linkBase: c.env.PUBLIC_API_URL,
    };
    const created = await inviteUser({ ctx, input: c.req.valid("json") });
    return c.json({ ...created, expiresAt: created.expiresAt.toISOString() }, 201);
  });
}
