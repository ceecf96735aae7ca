import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerChangeCampaignStatus } from "./change-campaign-status";
import { registerCountAudience } from "./count-audience";
import { registerCreateCampaign } from "./create-campaign";
import { registerDeleteCampaign } from "./delete-campaign";
import { registerDuplicateCampaign } from "./duplicate-campaign";
import { registerGetCampaign } from "./get-campaign";
import { registerListCampaigns } from "./list-campaigns";
import { registerScheduleCampaign } from "./schedule-campaign";
import { registerSendCampaign } from "./send-campaign";
import { registerTestCampaign } from "./test-campaign";
import { registerUpdateCampaign } from "./update-campaign";

/**
 * Campaigns under /v1/campaigns: store drafts, list, read, change, duplicate, delete, count the
 * audience; send a test, send now or schedule; pause, resume, cancel.
 */
export function registerCampaignRoutes(app: OpenAPIHono<AppEnv>) {
  registerListCampaigns(app);
  registerCreateCampaign(app);
  registerGetCampaign(app);
  registerUpdateCampaign(app);
  registerDeleteCampaign(app);
  registerDuplicateCampaign(app);
  registerCountAudience(app);
  registerTestCampaign(app);
  registerSendCampaign(app);
  registerScheduleCampaign(app);
  registerChangeCampaignStatus(app);
}
