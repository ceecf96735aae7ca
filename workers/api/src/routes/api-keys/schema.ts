import { API_ACCESS_LEVELS, API_KEY_ENVIRONMENTS } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

export const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    start: z.string().openapi({ description: "The first characters, to recognise the key" }),
    environment: z.enum(API_KEY_ENVIRONMENTS),
    scopes: z.array(z.string()),
    access: z.enum(API_ACCESS_LEVELS),
    expiresAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
    lastUsedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("ApiKey");
export const notFound = { 404: problemResponse("No such key in this account") };
export const iso = (d: Date | null) => d?.toISOString() ?? null;
