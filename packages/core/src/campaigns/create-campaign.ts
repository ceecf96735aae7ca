import { campaigns, newId } from "@edgepost/db";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { InvalidFields } from "../errors";
import { campaignFields, checkReferences, contentProblem } from "./campaign-fields";

export const createCampaignInput = z.strictObject({
  name: campaignFields.name,
  audience: campaignFields.audience.optional(),
  sender: campaignFields.sender.optional(),
  subject: campaignFields.subject.optional(),
  preheader: campaignFields.preheader.optional(),
  templateId: campaignFields.templateId.optional(),
  html: campaignFields.html.optional(),
  text: campaignFields.text.optional(),
  trackOpens: campaignFields.trackOpens.default(true),
  trackClicks: campaignFields.trackClicks.default(true),
});

/**
 * Stores a draft email campaign. What it names is checked now (lists, segments, template, sender,
 * inline content), each problem by its field; what it leaves out is required only to send it.
 */
export async function createCampaign({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof createCampaignInput>;
}) {
  assertPermission(ctx, "campaigns:manage");
  assertCanWrite(ctx);
  const data = createCampaignInput.parse(input);
  const problem = contentProblem(data);
  if (problem) throw new InvalidFields([problem]);
  await checkReferences(ctx, data);
  const now = ctx.now();
  const campaign = {
    id: newId("cmp", now.getTime()),
    channel: "email" as const,
    name: data.name,
    status: "draft" as const,
    audience: data.audience ?? { lists: [], segments: [], excludeLists: [], excludeSegments: [] },
    sender: data.sender ?? null,
    subject: data.subject ?? null,
    preheader: data.preheader ?? null,
    templateId: data.templateId ?? null,
    html: data.html ?? null,
    text: data.text ?? null,
    trackOpens: data.trackOpens,
    trackClicks: data.trackClicks,
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
    ctx.db.insert(campaigns).values({ ...campaign, accountId: ctx.principal.accountId }),
    auditEntry(ctx, "campaign.created", campaign.id),
  ]);
  return campaign;
}
