import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerCloseAccount } from "./close-account";
import { registerExportAccount } from "./export-account";
import { registerGetAccount } from "./get-account";
import { registerGetEmailProvider } from "./get-email-provider";
import { registerRemoveEmailProvider } from "./remove-email-provider";
import { registerSetEmailProvider } from "./set-email-provider";
import { registerUpdateAccount } from "./update-account";

/** The caller's account under /v1/account: read, change, close, export, and its own email provider. */
export function registerAccountRoutes(app: OpenAPIHono<AppEnv>) {
  registerGetAccount(app);
  registerUpdateAccount(app);
  registerCloseAccount(app);
  registerExportAccount(app);
  registerGetEmailProvider(app);
  registerSetEmailProvider(app);
  registerRemoveEmailProvider(app);
}
