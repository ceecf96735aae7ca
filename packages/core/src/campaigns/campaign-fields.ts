import { type CampaignAudience, campaigns, emailTemplates, idSchema, lists, segments } from "@edgepost/db";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { AccountCtx } from "../context";
import { assertVerifiedSender } from "../domains/assert-verified-sender";
import { type FieldProblem, InvalidFields, NotFound } from "../errors";
import type { SegmentFilter } from "../segments/filter";
import { checkTemplate, TEMPLATE_LIMITS } from "../templates/engine";
import { CONTROL, noControl } from "../transactional-emails/email-input";

export const campaignId = idSchema("cmp");

/** One header line's worth of text a customer writes (a name, a display name, a preheader). */
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((v) => !CONTROL.test(v), noControl);

/** The most lists or segments one part of an audience may name. */
const AUDIENCE_PART = 20;
const ids = (prefix: "lst" | "seg") => z.array(idSchema(prefix)).max(AUDIENCE_PART).default([]);

const campaignAudience = z.strictObject({
  lists: ids("lst"),
  segments: ids("seg"),
  excludeLists: ids("lst"),
  excludeSegments: ids("seg"),
});

const campaignSender = z.strictObject({
  email: z.email().max(254),
  name: line(256).optional(),
  replyTo: z.email().max(254).optional(),
});

/** What a campaign is made of; every field may be left out of a draft until it is sent. */
export const campaignFields = {
  name: line(100),
  audience: campaignAudience,
  sender: campaignSender,
  /** A Liquid template of one header line: refused now if it could break the header block. */
  subject: z
    .string()
    .min(1)
    .max(TEMPLATE_LIMITS.subject)
    .refine((v) => !CONTROL.test(v), noControl),
  /** The line inbox previews show after the subject; hidden in the HTML. */
  preheader: line(200),
  /** A stored template (its subject is used when `subject` is left out), or inline content. */
  templateId: idSchema("tpl"),
  html: z.string().min(1).max(TEMPLATE_LIMITS.body),
  text: z.string().min(1).max(TEMPLATE_LIMITS.body),
  trackOpens: z.boolean(),
  trackClicks: z.boolean(),
};

/** Everything stored of a campaign, as `GET /v1/campaigns/{id}` shows it. */
const campaignColumns = {
  id: campaigns.id,
  channel: campaigns.channel,
  name: campaigns.name,
  status: campaigns.status,
  audience: campaigns.audience,
  sender: campaigns.sender,
  subject: campaigns.subject,
  preheader: campaigns.preheader,
  templateId: campaigns.templateId,
  html: campaigns.html,
  text: campaigns.text,
  trackOpens: campaigns.trackOpens,
  trackClicks: campaigns.trackClicks,
  scheduledAt: campaigns.scheduledAt,
  timeZone: campaigns.timeZone,
  audienceSize: campaigns.audienceSize,
  recipientsWritten: campaigns.recipientsWritten,
  pausedReason: campaigns.pausedReason,
  startedAt: campaigns.startedAt,
  finishedAt: campaigns.finishedAt,
  createdAt: campaigns.createdAt,
  updatedAt: campaigns.updatedAt,
};

type CampaignRow = Awaited<ReturnType<typeof findCampaign>>;

/** The campaign, or `not_found`: a campaign of another account is not found either. */
export async function findCampaign(ctx: AccountCtx, id: string) {
  const [campaign] = await ctx.db
    .select(campaignColumns)
    .from(campaigns)
    .where(and(eq(campaigns.accountId, ctx.principal.accountId), eq(campaigns.id, campaignId.parse(id))));
  if (!campaign) throw new NotFound("Campaign");
  return campaign;
}

type Content = Pick<CampaignRow, "audience" | "sender" | "subject" | "templateId" | "html" | "text">;

/**
 * Checks what a campaign refers to, as it is about to be stored: its lists, segments and template
 * belong to the account, its sender is on a verified domain, inline content parses. Every problem
 * is named by its field (400), and nothing is stored.
 */
export async function checkReferences(ctx: AccountCtx, campaign: Partial<Content>) {
  const accountId = ctx.principal.accountId;
  const problems: FieldProblem[] = [];
  if (campaign.audience) problems.push(...(await readAudience(ctx, campaign.audience)).missing);
  if (campaign.templateId) {
    const [template] = await ctx.db
      .select({ id: emailTemplates.id })
      .from(emailTemplates)
      .where(and(eq(emailTemplates.accountId, accountId), eq(emailTemplates.id, campaign.templateId)));
    if (!template)
      problems.push({ path: "templateId", message: `${campaign.templateId} is not in this account` });
  }
  try {
    checkTemplate({ subject: campaign.subject ?? undefined, html: campaign.html, text: campaign.text });
  } catch (error) {
    if (!(error instanceof InvalidFields)) throw error;
    problems.push(...(error.fields ?? []));
  }
  if (campaign.sender) {
    try {
      await assertVerifiedSender(ctx, accountId, campaign.sender.email, "sender.email");
    } catch (error) {
      if (!(error instanceof InvalidFields)) throw error;
      problems.push(...(error.fields ?? []));
    }
  }
  if (problems.length > 0) throw new InvalidFields(problems);
}

/**
 * The audience's segments' filters as the account has them now, and every list or segment it names
 * that is not the account's (deleted since, or never its own), each by its path in the audience.
 */
export async function readAudience(ctx: AccountCtx, audience: CampaignAudience) {
  const accountId = ctx.principal.accountId;
  const listIds = [...audience.lists, ...audience.excludeLists];
  const segmentIds = [...audience.segments, ...audience.excludeSegments];
  const [foundLists, foundSegments] =
    listIds.length + segmentIds.length === 0
      ? [[], []]
      : await ctx.db.batch([
          ctx.db
            .select({ id: lists.id })
            .from(lists)
            .where(and(eq(lists.accountId, accountId), inArray(lists.id, listIds))),
          ctx.db
            .select({ id: segments.id, filter: segments.filter })
            .from(segments)
            .where(and(eq(segments.accountId, accountId), inArray(segments.id, segmentIds))),
        ]);
  const filters = new Map(foundSegments.map((s) => [s.id, s.filter as SegmentFilter]));
  const known = new Set([...foundLists.map((l) => l.id), ...filters.keys()]);
  const missing: FieldProblem[] = [];
  for (const part of ["lists", "segments", "excludeLists", "excludeSegments"] as const) {
    audience[part].forEach((id, i) => {
      if (!known.has(id))
        missing.push({ path: `audience.${part}[${i}]`, message: `${id} is not in this account` });
    });
  }
  return { filters, missing };
}

/** A stored template or inline content, not both. */
export function contentProblem(c: {
  templateId?: unknown;
  html?: unknown;
  text?: unknown;
}): FieldProblem | undefined {
  if (c.templateId && (c.html || c.text)) {
    return { path: "templateId", message: "give a stored template or inline html/text, not both" };
  }
  return undefined;
}
