import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";

export function registerSmtpCredentialRoutes(_app: OpenAPIHono<AppEnv>) {}
