import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";

export function registerTemplateRoutes(_app: OpenAPIHono<AppEnv>) {}
