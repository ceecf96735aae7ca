import { requestPasswordReset, requestPasswordResetInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { authCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { problemResponse, publicErrors } from "../errors";
import { publicSecurity } from "../security";

const request = createRoute({
  method: "post",
  path: "/v1/auth/password-reset",
  operationId: "requestPasswordReset",
  tags: ["auth"],
  summary: "Email a password-reset link",
  description: "Answers the same whether or not the address has a login.",
  security: publicSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: requestPasswordResetInput,
          example: { email: "jana@nordlicht.example" },
        },
      },
    },
  },
  responses: {
    202: {
      description: "Reset link queued if the address has a login",
      content: { "application/json": { schema: z.object({ status: z.literal("reset_sent") }) } },
    },
    400: problemResponse("Invalid fields"),
    ...publicErrors,
  },
});

export function registerPasswordReset(app: OpenAPIHono<AppEnv>) {
  app.openapi(request, async (c) =>
    c.json(await requestPasswordReset({ ctx: authCtx(c), input: c.req.valid("json") }), 202),
  );
}
