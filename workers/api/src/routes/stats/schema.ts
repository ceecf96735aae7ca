import { CAMPAIGN_STATUSES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";

const count = (description: string) => z.number().int().openapi({ description });

/** The figures of a rollup (SPEC §G): what happened to the messages, and what people did with them. */
const counts = z
  .object({
    sent: count("Messages handed to the provider"),
    delivered: count("Reported delivered by the provider"),
    hardBounces: count("Permanent bounces (the address is suppressed)"),
    softBounces: count("Temporary bounces"),
    opensUnique: count("Recipients who opened, each once (people only)"),
    opensTotal: count("Opens by people, every time"),
    opensMachine: count("Opens by mail privacy proxies and prefetches, counted apart"),
    clicksUnique: count("Recipients who clicked, each once (people only)"),
    clicksTotal: count("Clicks by people, every time"),
    clicksMachine: count("Clicks by link scanners (HEAD requests, known scanners, right after delivery)"),
    unsubscribes: count("Recipients who unsubscribed"),
    complaints: count("Reported as spam"),
    failures: count("Messages that could not be sent"),
  })
  .openapi("StatsCounts");

export const campaignStats = z
  .object({
    id: z.string().openapi({ example: "cmp_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
    status: z.enum(CAMPAIGN_STATUSES),
    pausedReason: z
      .string()
      .nullable()
      .openapi({ description: "Why the platform paused it (bounce or complaint rate), if it did" }),
    totals: counts,
    daily: z
      .array(counts.extend({ day: z.iso.date() }))
      .openapi({ description: "Each UTC day with activity" }),
    links: z.array(
      z.object({
        index: z.number().int(),
        url: z.string(),
        clicksUnique: count("Recipients who clicked this link, each once"),
        clicksTotal: count("Clicks on this link by people"),
      }),
    ),
  })
  .openapi("CampaignStats");

export const dailyStats = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    days: z.array(
      z.object({
        day: z.iso.date(),
        transactional: counts.openapi({ description: "Emails sent through `/v1/emails` and SMTP" }),
        campaigns: counts.openapi({ description: "Every campaign's messages together" }),
      }),
    ),
  })
  .openapi("DailyStats");
