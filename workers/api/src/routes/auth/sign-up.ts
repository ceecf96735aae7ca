import { signUp, signUpInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { authCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { problemResponse, publicErrors } from "../errors";
import { publicSecurity } from "../security";

const route = createRoute({
  method: "post",
  path: "/v1/auth/sign-up",
  operationId: "signUp",
  tags: ["auth"],
  summary: "Open an account",
  description:
    "Opens an account for a company and emails its owner a link to confirm the address. The answer is the same whether or not the address already has an account.",
  security: publicSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: signUpInput,
          example: {
            companyName: "Nordlicht GmbH",
            street: "Hafenstrasse 4",
            postcode: "20457",
            city: "Hamburg",
            country: "DE",
            industry: "media_publishing",
            email: "jana@nordlicht.example",
            name: "Jana Nord",
            password: "correct horse battery staple",
            professionalUse: true,
          },
        },
      },
    },
  },
  responses: {
    202: {
      description: "Verification email queued",
      content: { "application/json": { schema: z.object({ status: z.literal("verification_sent") }) } },
    },
    400: problemResponse("Invalid fields"),
    422: problemResponse("The industry is refused"),
    ...publicErrors,
  },
});

export function registerSignUp(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await signUp({ ctx: authCtx(c), input: c.req.valid("json") }), 202));
}
