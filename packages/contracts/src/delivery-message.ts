import { idSchema } from "@edgepost/db/id";
import { z } from "zod";

/** Queue names, identical in wrangler configs, local dev and production. */
export const QUEUES = {
  delivery: "edgepost-delivery",
  deliveryDeadLetter: "edgepost-delivery-dlq",
  transfers: "edgepost-transfers",
  transfersDeadLetter: "edgepost-transfers-dlq",
} as const;

const accountId = idSchema("acc");

const pipelineCheck = z.object({
  kind: z.literal("pipeline_check"),
  accountId,
  checkId: idSchema("chk"),
});

/** A message already written to the `messages` table; the body carries only its id. */
const email = z.object({
  kind: z.literal("email"),
  accountId,
  messageId: idSchema("msg"),
});

/** A customer's webhook endpoint is owed one event: the `webhook_deliveries` row says which. */
const webhook = z.object({
  kind: z.literal("webhook"),
  accountId,
  deliveryId: idSchema("whd"),
});

/** Recipients of a sending campaign, written as `campaign_recipients` rows: send those still pending. */
const campaign = z.object({
  kind: z.literal("campaign"),
  accountId,
  campaignId: idSchema("cmp"),
  contactIds: z.array(idSchema("con")).min(1).max(100),
});

/**
 * One open or click of a campaign message, from a signed link on the public worker, to be written
 * (raw event and rollups) together with the others of its queue batch. It names no account: the
 * link names only the campaign and the contact, and the writer takes the campaign's account.
 */
const campaignEvent = z.object({
  kind: z.literal("campaign_event"),
  /** Made by the public worker: a message delivered twice is written once. */
  id: idSchema("cev"),
  campaignId: idSchema("cmp"),
  contactId: idSchema("con"),
  type: z.enum(["opened", "clicked"]),
  /** For a click: the index of the link in the campaign's `links`. */
  link: z.number().int().min(0).max(10_000).optional(),
  /** The public worker's verdict: a proxy or prefetch open, or a scanner's click. */
  machine: z.boolean(),
  userAgent: z.string().max(500).optional(),
  /** When it happened (ms since the epoch). */
  at: z.number().int().positive(),
});

/** Every message body that travels on the delivery queue (and so on its dead-letter queue). */
export const deliveryMessage = z.discriminatedUnion("kind", [
  pipelineCheck,
  email,
  webhook,
  campaign,
  campaignEvent,
]);

export type DeliveryMessage = z.infer<typeof deliveryMessage>;
