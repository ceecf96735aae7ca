import { verifyEmail, verifyEmailInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { authCtx } from "../../auth-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";

const route = createRoute({
  method: "get",
  path: "/v1/auth/verify-email",
  tags: ["auth"],
  summary: "Confirm an email address (the link from the sign-up email)",
  request: { query: verifyEmailInput },
  responses: {
    200: {
      description: "Address confirmed",
      content: { "application/json": { schema: z.object({ verified: z.literal(true) }) } },
    },
    400: problemResponse("The link is invalid, expired or already used"),
  },
});

export function registerVerifyEmail(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(await verifyEmail({ ctx: authCtx(c), input: c.req.valid("query") }), 200),
  );
}
