import { signIn, signInInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { authCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { readSessionCookie, writeSessionCookie } from "../../session-cookie";
import { problemResponse, publicErrors } from "../errors";
import { publicSecurity } from "../security";

const route = createRoute({
  method: "post",
  path: "/v1/auth/sign-in",
  operationId: "signIn",
  tags: ["auth"],
  summary: "Sign in with email and password",
  description:
    "Sets the `ep_session` cookie (HttpOnly, Secure, SameSite=Lax), a new one at every sign-in. Repeated failures lock the email and the IP for 15 minutes.",
  security: publicSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: signInInput,
          example: { email: "jana@nordlicht.example", password: "correct horse battery staple" },
        },
      },
    },
  },
  responses: {
    200: {
      description: "Signed in",
      content: {
        "application/json": {
          schema: z.object({ userId: z.string(), accountId: z.string(), expiresAt: z.iso.datetime() }),
        },
      },
    },
    401: problemResponse("Wrong email or password"),
    403: problemResponse("Email address not confirmed yet"),
    ...publicErrors,
    429: problemResponse(
      "Too many requests from this client address, or too many failed attempts for the email or the address: see Retry-After",
    ),
  },
});

export function registerSignIn(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const ctx = { ...authCtx(c), previousSessionToken: readSessionCookie(c) };
    const session = await signIn({ ctx, input: c.req.valid("json") });
    writeSessionCookie(c, session.token, session.expiresAt);
    return c.json(
      { userId: session.userId, accountId: session.accountId, expiresAt: session.expiresAt.toISOString() },
      200,
    );
  });
}
