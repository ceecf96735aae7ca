import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";

export function registerWebhookRoutes(_app: OpenAPIHono<AppEnv>) {}
