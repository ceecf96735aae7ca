import { campaigns, newId } from "@edgepost/db";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { findCampaign } from "./campaign-fields";

/** A new draft with the campaign's audience, sender and content, in any state of the original. */
export async function duplicateCampaign({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "campaigns:manage");
  assertCanWrite(ctx);
  const original = await findCampaign(ctx, input.id);
  const now = ctx.now();
  const copy = {
    ...original,
    id: newId("cmp", now.getTime()),
    name: `${original.name} (copy)`.slice(0, 100),
    // A started campaign holds its template's content as it was; the copy uses the template as it is.
    ...(original.templateId ? { html: null, text: null } : {}),
    status: "draft" as const,
    scheduledAt: null,
    timeZone: null,
    audienceSize: null,
    recipientsWritten: 0,
    pausedReason: null,
    startedAt: null,
    finishedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.db.batch([
    ctx.db.insert(campaigns).values({ ...copy, accountId: ctx.principal.accountId }),
    auditEntry(ctx, "campaign.duplicated", copy.id),
  ]);
  return copy;
}
