import { deleteSmtpCredential, smtpCredentialId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const remove = createRoute({
  method: "delete",
  path: "/v1/smtp-credentials/{id}",
  operationId: "deleteSmtpCredential",
  tags: ["smtp credentials"],
  summary: "Delete a credential: the relay refuses it from then on",
  security: callerSecurity,
  request: { params: z.object({ id: smtpCredentialId }) },
  responses: {
    204: { description: "Deleted" },
    400: problemResponse("Not an SMTP credential id"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerDeleteSmtpCredential(app: OpenAPIHono<AppEnv>) {
  app.openapi(remove, async (c) => {
    await deleteSmtpCredential({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
