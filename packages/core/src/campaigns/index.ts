export type { CampaignCtx } from "./campaign-ctx";
export { campaignId } from "./campaign-fields";
export { type CampaignMove, changeCampaignStatus } from "./change-campaign-status";
export { countAudience } from "./count-audience";
export { createCampaign, createCampaignInput } from "./create-campaign";
export { deleteCampaign } from "./delete-campaign";
export {
  type CampaignDeliverCtx,
  type CampaignDelivery,
  type CampaignVerdict,
  deliverCampaigns,
} from "./deliver-campaign";
export { duplicateCampaign } from "./duplicate-campaign";
export { type FanOutCtx, fanOutCampaign } from "./fan-out-campaign";
export { getCampaign } from "./get-campaign";
export { listCampaigns, listCampaignsInput } from "./list-campaigns";
export { type Recipient, readRecipientToken, recipientToken } from "./recipient-token";
export {
  type CampaignContact,
  type CampaignContent,
  campaignRenderer,
  type RenderedCampaign,
  renderCampaignEmail,
  trackedLinks,
} from "./render-campaign";
export { scheduleCampaign, scheduleCampaignInput } from "./schedule-campaign";
export { sendCampaign } from "./send-campaign";
export { testCampaign, testCampaignInput } from "./test-campaign";
export { updateCampaign, updateCampaignInput } from "./update-campaign";
