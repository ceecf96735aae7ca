import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerGetCampaignStats } from "./get-campaign-stats";
import { registerGetDailyStats } from "./get-daily-stats";

/** Statistics, from the rollups alone: one campaign's, and the account's per day. */
export function registerStatsRoutes(app: OpenAPIHono<AppEnv>) {
  registerGetCampaignStats(app);
  registerGetDailyStats(app);
}
