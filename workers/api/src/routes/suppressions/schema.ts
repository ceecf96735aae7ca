import { z } from "@hono/zod-openapi";
import { problemResponse } from "../problem-schema";

export const suppression = z
  .object({
    id: z.string(),
    email: z.string(),
    reason: z.enum(["hard_bounce", "complaint", "unsubscribe", "manual"]),
    source: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("Suppression");

export const errors = {
  401: problemResponse("Not authenticated"),
  403: problemResponse("Not allowed, or the account is suspended"),
};

export const suppressionJson = <T extends { createdAt: Date }>(row: T) => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
});
