import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";

export function registerContactRoutes(_app: OpenAPIHono<AppEnv>) {}
