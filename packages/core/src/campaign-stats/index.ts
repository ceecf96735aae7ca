export { autoPauseEnv, autoPauseFrom } from "./auto-pause";
export { getCampaignStats } from "./get-campaign-stats";
export { dailyStatsInput, getDailyStats } from "./get-daily-stats";
export { isMachineClick, isMachineOpen } from "./machine-agents";
export { type CampaignEventMessage, recordCampaignEvents } from "./record-campaign-events";
export { campaignView, trackedLinkUrl } from "./tracking-reads";
