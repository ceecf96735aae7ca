import type { SmtpCredential } from "@edgepost/core";
import { SMTP_CREDENTIAL_STATUSES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

const fields = {
  id: z.string().openapi({ example: "smtp_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
  name: z.string().openapi({ example: "Shop backend" }),
  username: z.string().openapi({
    description: "The SMTP user name (`ep_` + 20 characters)",
    example: "ep_4fTq9ZkL2mXv8RbN1cWd",
  }),
  status: z.enum(SMTP_CREDENTIAL_STATUSES).openapi({
    description:
      "`disabled` after 30 days without a send (reactivate it to use it again); `deactivated` after 180 days, for good",
  }),
  lastSentAt: z.iso.datetime().nullable(),
  activatedAt: z.iso
    .datetime()
    .openapi({ description: "Created or last reactivated: inactivity counts from this or the last send" }),
  disabledAt: z.iso.datetime().nullable(),
  deactivatedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
};

export const smtpCredential = z.object(fields).openapi("SmtpCredential");

export const smtpCredentialWithPassword = z
  .object({
    ...fields,
    password: z.string().openapi({
      description: "The SMTP password (32 characters): in this answer only, never shown again",
      example: "Vb3kQ9mZ2xR7tLw1Nc8Hp5Jd0Yf6Gs4A",
    }),
  })
  .openapi("SmtpCredentialWithPassword");

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function smtpCredentialJson<T extends SmtpCredential>(credential: T) {
  return {
    ...credential,
    lastSentAt: iso(credential.lastSentAt),
    activatedAt: credential.activatedAt.toISOString(),
    disabledAt: iso(credential.disabledAt),
    deactivatedAt: iso(credential.deactivatedAt),
    createdAt: credential.createdAt.toISOString(),
  };
}

export const notFound = { 404: problemResponse("No such SMTP credential in this account") };
