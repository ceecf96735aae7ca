import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";

export function registerSegmentRoutes(_app: OpenAPIHono<AppEnv>) {}
