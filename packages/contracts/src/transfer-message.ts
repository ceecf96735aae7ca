import { z } from "zod";

const accountId = z.string().startsWith("acc_");

/** Read the next chunks of an uploaded import, from its stored cursor. */
const contactImport = z.object({
  kind: z.literal("import"),
  accountId,
  importId: z.string().startsWith("imp_"),
});

/** Write the next parts of an export, from its stored cursor. */
const contactExport = z.object({
  kind: z.literal("export"),
  accountId,
  exportId: z.string().startsWith("exp_"),
});

/** Every message body on the transfers queue: the rows carry the state, the body only the id. */
export const transferMessage = z.discriminatedUnion("kind", [contactImport, contactExport]);

export type TransferMessage = z.infer<typeof transferMessage>;
