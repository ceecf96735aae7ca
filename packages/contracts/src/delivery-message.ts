import { z } from "zod";

/** Queue names, identical in wrangler configs, local dev and production. */
export const QUEUES = {
  delivery: "edgepost-delivery",
  deliveryDeadLetter: "edgepost-delivery-dlq",
  transfers: "edgepost-transfers",
  transfersDeadLetter: "edgepost-transfers-dlq",
} as const;

const accountId = z.string().startsWith("acc_");

const pipelineCheck = z.object({
  kind: z.literal("pipeline_check"),
  accountId,
  checkId: z.string().startsWith("chk_"),
});

/** A message already written to the `messages` table; the body carries only its id. */
const email = z.object({
  kind: z.literal("email"),
  accountId,
  messageId: z.string().startsWith("msg_"),
});

/** A customer's webhook endpoint is owed one event: the `webhook_deliveries` row says which. */
const webhook = z.object({
  kind: z.literal("webhook"),
  accountId,
  deliveryId: z.string().startsWith("whd_"),
});

/** Every message body that travels on the delivery queue (and so on its dead-letter queue). */
export const deliveryMessage = z.discriminatedUnion("kind", [pipelineCheck, email, webhook]);

export type DeliveryMessage = z.infer<typeof deliveryMessage>;
