import { verifyEmail, verifyEmailInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { authCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { problemResponse, publicErrors } from "../errors";
import { publicSecurity } from "../security";

const route = createRoute({
  method: "get",
  path: "/v1/auth/verify-email",
  operationId: "verifyEmail",
  tags: ["auth"],
  summary: "Confirm an email address (the link from the sign-up email)",
  security: publicSecurity,
  request: { query: verifyEmailInput },
  responses: {
    200: {
      description: "Address confirmed",
      content: { "application/json": { schema: z.object({ verified: z.literal(true) }) } },
    },
    400: problemResponse("The link is invalid, expired or already used"),
    ...publicErrors,
  },
});

export function registerVerifyEmail(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(await verifyEmail({ ctx: authCtx(c), input: c.req.valid("query") }), 200),
  );
}
