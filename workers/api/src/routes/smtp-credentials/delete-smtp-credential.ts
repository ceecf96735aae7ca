import { deleteSmtpCredential, smtpCredentialId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { errors, notFound } from "./schema";

const remove = createRoute({
  method: "delete",
  path: "/v1/smtp-credentials/{id}",
  tags: ["smtp credentials"],
  summary: "Delete a credential: the relay refuses it from then on",
  security: callerSecurity,
  request: { params: z.object({ id: smtpCredentialId }) },
  responses: {
    204: { description: "Deleted" },
    400: problemResponse("Not an SMTP credential id"),
    ...errors,
    ...notFound,
  },
});

export function registerDeleteSmtpCredential(app: OpenAPIHono<AppEnv>) {
  app.openapi(remove, async (c) => {
    await deleteSmtpCredential({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
