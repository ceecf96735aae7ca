import { INVITATION_ROLES, USER_ROLES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

export const role = z.enum(USER_ROLES);
export const user = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role,
    emailVerifiedAt: z.iso.datetime().nullable(),
    lastLoginAt: z.iso.datetime().nullable(),
    deletedAt: z.iso.datetime().nullable(),
    removeAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("User");
export const invitation = z
  .object({ id: z.string(), email: z.string(), role: z.enum(INVITATION_ROLES), expiresAt: z.iso.datetime() })
  .openapi("Invitation");
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
export const notFound = { 404: problemResponse("No such user or invitation in this account") };
export const iso = (d: Date | null) => d?.toISOString() ?? null;
