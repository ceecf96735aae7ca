import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { findCampaign } from "./campaign-fields";

/** One campaign of the caller's account, with its audience, sender and content. */
export async function getCampaign({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "campaigns:read");
  return findCampaign(ctx, input.id);
}
