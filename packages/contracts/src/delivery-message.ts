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

/** Every message body that travels on the delivery queue (and so on its dead-letter queue). */
export const deliveryMessage = z.discriminatedUnion("kind", [pipelineCheck, email, webhook]);

export type DeliveryMessage = z.infer<typeof deliveryMessage>;
