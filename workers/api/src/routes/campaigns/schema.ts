import { CAMPAIGN_STATUSES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

const audience = z
  .object({
    lists: z.array(z.string()),
    segments: z.array(z.string()),
    excludeLists: z.array(z.string()),
    excludeSegments: z.array(z.string()),
  })
  .openapi("CampaignAudience", {
    description: "The contacts of these lists and segments, each once, minus those of the exclusions",
  });

export const campaign = z
  .object({
    id: z.string().openapi({ example: "cmp_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
    channel: z.enum(["email"]),
    name: z.string().openapi({ example: "December newsletter" }),
    status: z.enum(CAMPAIGN_STATUSES),
    audience,
    sender: z
      .object({ email: z.string(), name: z.string().optional(), replyTo: z.string().optional() })
      .nullable(),
    subject: z.string().nullable(),
    preheader: z.string().nullable(),
    templateId: z.string().nullable(),
    html: z.string().nullable(),
    text: z.string().nullable(),
    trackOpens: z.boolean(),
    trackClicks: z.boolean(),
    scheduledAt: z.iso.datetime().nullable(),
    timeZone: z.string().nullable(),
    audienceSize: z.number().int().nullable().openapi({ description: "Counted when sending started" }),
    recipientsWritten: z
      .number()
      .int()
      .openapi({ description: "Recipients written so far by the fan-out (sent or not)" }),
    pausedReason: z
      .string()
      .nullable()
      .openapi({ description: "Why the platform paused it, or why a schedule did not start" }),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("Campaign");

export const campaignSummary = z
  .object({
    id: z.string(),
    channel: z.enum(["email"]),
    name: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    subject: z.string().nullable(),
    scheduledAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("CampaignSummary");

export function campaignJson<
  T extends {
    scheduledAt: Date | null;
    startedAt?: Date | null;
    finishedAt?: Date | null;
    audienceSize?: number | null;
    recipientsWritten?: number;
    pausedReason?: string | null;
    createdAt: Date;
    updatedAt: Date;
  },
>(c: T) {
  return {
    ...c,
    audienceSize: c.audienceSize ?? null,
    recipientsWritten: c.recipientsWritten ?? 0,
    pausedReason: c.pausedReason ?? null,
    scheduledAt: c.scheduledAt?.toISOString() ?? null,
    startedAt: c.startedAt?.toISOString() ?? null,
    finishedAt: c.finishedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export const notFound = { 404: problemResponse("No such campaign in this account") };
