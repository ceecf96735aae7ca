import { createSmtpCredential, createSmtpCredentialInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { smtpCredentialJson, smtpCredentialWithPassword } from "./schema";

const create = createRoute({
  method: "post",
  path: "/v1/smtp-credentials",
  operationId: "createSmtpCredential",
  tags: ["smtp credentials"],
  summary: "Create an SMTP relay login; its password is in this answer only",
  description:
    "For your own applications that send through SMTP. A credential that has not sent for 30 days is " +
    "disabled (reactivate it with `POST /v1/smtp-credentials/{id}/reactivate`); after 180 days it is " +
    "deactivated for good.",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: createSmtpCredentialInput, example: { name: "Shop backend" } },
      },
    },
  },
  responses: {
    201: {
      description: "Created",
      content: { "application/json": { schema: smtpCredentialWithPassword } },
    },
    400: problemResponse("Invalid fields"),
    ...callerErrors,
  },
});

export function registerCreateSmtpCredential(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const created = await createSmtpCredential({ ctx: accountCtx(c), input: c.req.valid("json") });
    return c.json(smtpCredentialJson(created), 201);
  });
}
