import { resetPassword, resetPasswordInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { authCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { problemResponse, publicErrors } from "../errors";
import { publicSecurity } from "../security";

const confirm = createRoute({
  method: "post",
  path: "/v1/auth/password-reset/confirm",
  operationId: "resetPassword",
  tags: ["auth"],
  summary: "Set a new password with the token from the reset link",
  description: "Ends every session of that user and emails them that the password changed.",
  security: publicSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: resetPasswordInput,
          example: { token: "<the token of the reset link>", password: "a new long passphrase" },
        },
      },
    },
  },
  responses: {
    200: {
      description: "Password changed",
      content: { "application/json": { schema: z.object({ status: z.literal("password_changed") }) } },
    },
    400: problemResponse("Invalid fields, or the link is invalid, expired or already used"),
    ...publicErrors,
  },
});

export function registerPasswordResetConfirm(app: OpenAPIHono<AppEnv>) {
  app.openapi(confirm, async (c) =>
    c.json(await resetPassword({ ctx: authCtx(c), input: c.req.valid("json") }), 200),
  );
}
