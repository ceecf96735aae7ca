import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerCreateSmtpCredential } from "./create-smtp-credential";
import { registerDeleteSmtpCredential } from "./delete-smtp-credential";
import { registerListSmtpCredentials } from "./list-smtp-credentials";
import { registerReactivateSmtpCredential } from "./reactivate-smtp-credential";

/** SMTP relay credentials under /v1/smtp-credentials: create (password shown once), list, reactivate, delete. */
export function registerSmtpCredentialRoutes(app: OpenAPIHono<AppEnv>) {
  registerListSmtpCredentials(app);
  registerCreateSmtpCredential(app);
  registerReactivateSmtpCredential(app);
  registerDeleteSmtpCredential(app);
}
