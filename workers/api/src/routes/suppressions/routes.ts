import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerAddSuppression } from "./add-suppression";
import { registerListSuppressions } from "./list-suppressions";
import { registerRemoveSuppression } from "./remove-suppression";

/** The account's suppression list: list, add, remove. */
export function registerSuppressionRoutes(app: OpenAPIHono<AppEnv>) {
  registerListSuppressions(app);
  registerAddSuppression(app);
  registerRemoveSuppression(app);
}
