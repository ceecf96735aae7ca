import { campaigns } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntryIfChanged } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { DomainError } from "../errors";
import { findCampaign } from "./campaign-fields";

/** Deletes a draft campaign; one that was scheduled or sent is cancelled or kept for its statistics instead. */
export async function deleteCampaign({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "campaigns:manage");
  assertCanWrite(ctx);
  const { id, status } = await findCampaign(ctx, input.id);
  if (status !== "draft") {
    throw new DomainError("conflict", `The campaign is ${status}: only drafts can be deleted.`);
  }
  const [deleted] = await ctx.db.batch([
    ctx.db
      .delete(campaigns)
      .where(
        and(
          eq(campaigns.accountId, ctx.principal.accountId),
          eq(campaigns.id, id),
          eq(campaigns.status, "draft"),
        ),
      )
      .returning({ id: campaigns.id }),
    auditEntryIfChanged(ctx, "campaign.deleted", id),
  ]);
  if (deleted.length === 0) throw new DomainError("conflict", "The campaign is no longer a draft.");
  return { id };
}
