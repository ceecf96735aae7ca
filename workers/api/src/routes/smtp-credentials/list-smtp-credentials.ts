import { listSmtpCredentials, listSmtpCredentialsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { smtpCredential, smtpCredentialJson } from "./schema";

const list = createRoute({
  method: "get",
  path: "/v1/smtp-credentials",
  operationId: "listSmtpCredentials",
  tags: ["smtp credentials"],
  summary: "The account's SMTP credentials, newest first (never their passwords)",
  security: callerSecurity,
  request: { query: listSmtpCredentialsInput },
  responses: {
    200: {
      description: "A page of credentials",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(smtpCredential), nextCursor: z.string().nullable() }),
        },
      },
    },
    400: problemResponse("Invalid query"),
    ...callerErrors,
  },
});

export function registerListSmtpCredentials(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const page = await listSmtpCredentials({ ctx: accountCtx(c), input: c.req.valid("query") });
    return c.json({ items: page.items.map(smtpCredentialJson), nextCursor: page.nextCursor }, 200);
  });
}
