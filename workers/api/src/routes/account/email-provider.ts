import { z } from "@hono/zod-openapi";

export const emailProvider = z
  .object({
    source: z
      .enum(["account", "platform"])
      .openapi({ description: "`platform`: the platform's provider sends" }),
    kind: z.string().nullable().openapi({ example: "ses" }),
    updatedAt: z.iso.datetime().nullable(),
  })
  .openapi("EmailProvider");
