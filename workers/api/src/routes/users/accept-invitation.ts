import { acceptInvitation, acceptInvitationInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { authCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { problemResponse, publicErrors } from "../errors";
import { publicSecurity } from "../security";

const route = createRoute({
  method: "post",
  path: "/v1/auth/accept-invitation",
  operationId: "acceptInvitation",
  tags: ["auth"],
  summary: "Join an account with the token from an invitation email",
  security: publicSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: acceptInvitationInput,
          example: {
            token: "<the token of the invitation link>",
            name: "Ada Lovelace",
            password: "correct horse battery staple",
          },
        },
      },
    },
  },
  responses: {
    201: {
      description: "Joined; sign in next",
      content: {
        "application/json": {
          schema: z.object({
            userId: z.string(),
            accountId: z.string(),
            email: z.string(),
            role: z.string(),
          }),
        },
      },
    },
    400: problemResponse("Invalid fields, or the invitation is invalid, expired, revoked or used"),
    409: problemResponse("No free seat, or the address already has a login"),
    ...publicErrors,
  },
});

export function registerAcceptInvitation(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(await acceptInvitation({ ctx: authCtx(c), input: c.req.valid("json") }), 201),
  );
}
