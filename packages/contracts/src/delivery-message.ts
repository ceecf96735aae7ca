import { z } from "zod";

/** Queue names, identical in wrangler configs, local dev and production. */
export const QUEUES = {
  delivery: "edgepost-delivery",
  deliveryDeadLetter: "edgepost-delivery-dlq",
} as const;

const pipelineCheck = z.object({
  kind: z.literal("pipeline_check"),
  accountId: z.string().startsWith("acc_"),
  checkId: z.string().startsWith("chk_"),
});

/** Every message body that travels on the delivery queue (and so on its dead-letter queue). */
export const deliveryMessage = z.discriminatedUnion("kind", [pipelineCheck]);

export type DeliveryMessage = z.infer<typeof deliveryMessage>;
