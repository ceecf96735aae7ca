import { SUPPRESSION_REASONS } from "@edgepost/db";
import { z } from "@hono/zod-openapi";

export const suppression = z
  .object({
    id: z.string(),
    email: z.string(),
    reason: z.enum(SUPPRESSION_REASONS),
    source: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("Suppression");

export const suppressionJson = <T extends { createdAt: Date }>(row: T) => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
});
