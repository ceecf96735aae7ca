export { campaignId } from "./campaign-fields";
export { countAudience } from "./count-audience";
export { createCampaign, createCampaignInput } from "./create-campaign";
export { deleteCampaign } from "./delete-campaign";
export { duplicateCampaign } from "./duplicate-campaign";
export { getCampaign } from "./get-campaign";
export { listCampaigns, listCampaignsInput } from "./list-campaigns";
export { updateCampaign, updateCampaignInput } from "./update-campaign";
