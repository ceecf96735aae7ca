import { idSchema } from "@edgepost/db/id";
import { z } from "zod";

const accountId = idSchema("acc");

/** Read the next chunks of an uploaded import, from its stored cursor. */
const contactImport = z.object({
  kind: z.literal("import"),
  accountId,
  importId: idSchema("imp"),
});

/** Write the next parts of an export, from its stored cursor. */
const contactExport = z.object({
  kind: z.literal("export"),
  accountId,
  exportId: idSchema("exp"),
});

/** Write the next chunks of a sending campaign's recipients, from its stored cursor (ADR 0013). */
const campaignFanOut = z.object({
  kind: z.literal("campaign_fan_out"),
  accountId,
  campaignId: idSchema("cmp"),
});

/** Every message body on the transfers queue: the rows carry the state, the body only the id. */
export const transferMessage = z.discriminatedUnion("kind", [contactImport, contactExport, campaignFanOut]);

export type TransferMessage = z.infer<typeof transferMessage>;
