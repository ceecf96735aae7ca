import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerAccountApiAccess } from "./account-api-access";
import { registerAccountRetention } from "./account-retention";
import { registerAdjustCredits } from "./adjust-credits";
import { registerApiKeyAccess } from "./api-key-access";
import { registerJobRuns } from "./job-runs";
import { registerListRetention } from "./list-retention";
import { registerReactivateAccount } from "./reactivate-account";
import { registerSetRetention } from "./set-retention";
import { registerSuspendAccount } from "./suspend-account";

/** The operator API under /operator/v1, with its own credential: account status, API access, credits, retention, jobs. */
export function registerOperatorRoutes(app: OpenAPIHono<AppEnv>) {
  registerSuspendAccount(app);
  registerReactivateAccount(app);
  registerApiKeyAccess(app);
  registerAccountApiAccess(app);
  registerAdjustCredits(app);
  registerListRetention(app);
  registerSetRetention(app);
  registerAccountRetention(app);
  registerJobRuns(app);
}
