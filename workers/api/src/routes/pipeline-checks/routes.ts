import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerCreatePipelineCheck } from "./create-pipeline-check";
import { registerGetPipelineCheck } from "./get-pipeline-check";

/** Pipeline checks: a synthetic message through the delivery queue and back. */
export function registerPipelineCheckRoutes(app: OpenAPIHono<AppEnv>) {
  registerCreatePipelineCheck(app);
  registerGetPipelineCheck(app);
}
