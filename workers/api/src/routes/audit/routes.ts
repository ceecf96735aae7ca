import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerAuditLog } from "./audit-log";

/** The account's audit log. */
export function registerAuditRoutes(app: OpenAPIHono<AppEnv>) {
  registerAuditLog(app);
}
