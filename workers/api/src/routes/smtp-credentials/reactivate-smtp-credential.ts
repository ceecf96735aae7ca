import { reactivateSmtpCredential, smtpCredentialId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound, smtpCredential, smtpCredentialJson } from "./schema";

const reactivate = createRoute({
  method: "post",
  path: "/v1/smtp-credentials/{id}/reactivate",
  operationId: "reactivateSmtpCredential",
  tags: ["smtp credentials"],
  summary: "Make a credential disabled for inactivity usable again; its 30 days count from now",
  description:
    "An active credential is left as it is. A deactivated one (180 days without a send) cannot come back: 409.",
  security: callerSecurity,
  request: { params: z.object({ id: smtpCredentialId }) },
  responses: {
    200: { description: "Active", content: { "application/json": { schema: smtpCredential } } },
    400: problemResponse("Not an SMTP credential id"),
    ...callerErrors,
    ...notFound,
    409: problemResponse("The credential is deactivated for good: create a new one"),
  },
});

export function registerReactivateSmtpCredential(app: OpenAPIHono<AppEnv>) {
  app.openapi(reactivate, async (c) => {
    const credential = await reactivateSmtpCredential({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.json(smtpCredentialJson(credential), 200);
  });
}
