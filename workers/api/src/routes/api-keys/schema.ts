import { z } from "@hono/zod-openapi";
import { problemResponse } from "../problem-schema";

export const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    start: z.string().openapi({ description: "The first characters, to recognise the key" }),
    environment: z.enum(["live", "test"]),
    scopes: z.array(z.string()),
    access: z.enum(["standard", "restricted", "blocked"]),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("ApiKey");
export const errors = {
  401: problemResponse("Not authenticated"),
  403: problemResponse("Not allowed, or the account is suspended"),
  404: problemResponse("No such key in this account"),
};
export const iso = (d: Date | null) => d?.toISOString() ?? null;
