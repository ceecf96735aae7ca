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

export function campaignJson<T extends { scheduledAt: Date | null; createdAt: Date; updatedAt: Date }>(c: T) {
  return {
    ...c,
    scheduledAt: c.scheduledAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export const notFound = { 404: problemResponse("No such campaign in this account") };
