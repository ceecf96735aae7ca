import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";

export function registerDomainRoutes(_app: OpenAPIHono<AppEnv>) {}
