import { campaigns } from "@edgepost/db";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntryIfChanged } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { DomainError, InvalidFields } from "../errors";
import { campaignFields, checkReferences, contentProblem, findCampaign } from "./campaign-fields";

/** The fields to change; `null` clears an optional one. */
export const updateCampaignInput = z.strictObject({
  name: campaignFields.name.optional(),
  audience: campaignFields.audience.optional(),
  sender: campaignFields.sender.nullable().optional(),
  subject: campaignFields.subject.nullable().optional(),
  preheader: campaignFields.preheader.nullable().optional(),
  templateId: campaignFields.templateId.nullable().optional(),
  html: campaignFields.html.nullable().optional(),
  text: campaignFields.text.nullable().optional(),
  trackOpens: campaignFields.trackOpens.optional(),
  trackClicks: campaignFields.trackClicks.optional(),
});

/** Campaigns that may still be edited: nothing has been sent from them. */
const EDITABLE = ["draft", "scheduled"] as const;

/** Changes a draft or scheduled campaign; what a change names is checked as at creation. */
export async function updateCampaign({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string } & z.input<typeof updateCampaignInput>;
}) {
  assertPermission(ctx, "campaigns:manage");
  assertCanWrite(ctx);
  const { id, ...changes } = input;
  const data = updateCampaignInput.parse(changes);
  const current = await findCampaign(ctx, id);
  if (!(EDITABLE as readonly string[]).includes(current.status)) throw notEditable(current.status);
  const set = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined)) as Partial<
    typeof current
  >;
  const next = { ...current, ...set };
  const problem = contentProblem(next);
  if (problem) throw new InvalidFields([problem]);
  await checkReferences(ctx, set);
  const updatedAt = ctx.now();
  const [written] = await ctx.db.batch([
    ctx.db
      .update(campaigns)
      .set({ ...set, updatedAt })
      .where(
        and(
          eq(campaigns.accountId, ctx.principal.accountId),
          eq(campaigns.id, current.id),
          inArray(campaigns.status, [...EDITABLE]),
        ),
      )
      .returning({ status: campaigns.status }),
    auditEntryIfChanged(ctx, "campaign.updated", current.id),
  ]);
  // It started sending between the read and the write: nothing was changed.
  if (written.length === 0) throw notEditable("sending");
  return { ...next, updatedAt };
}

const notEditable = (status: string) =>
  new DomainError(
    "conflict",
    `The campaign is ${status}: only draft and scheduled campaigns can be changed.`,
  );
