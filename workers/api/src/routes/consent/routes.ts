import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";

export function registerConsentRoutes(_app: OpenAPIHono<AppEnv>) {}
