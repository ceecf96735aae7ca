import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerGetEmail } from "./get-email";
import { registerListEmails } from "./list-emails";
import { registerSendBatch } from "./send-batch";
import { registerSendEmail } from "./send-email";

/** Transactional email under /v1/emails: send one or a batch, list, read. */
export function registerEmailRoutes(app: OpenAPIHono<AppEnv>) {
  registerSendEmail(app);
  registerSendBatch(app);
  registerListEmails(app);
  registerGetEmail(app);
}
