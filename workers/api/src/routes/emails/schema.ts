import { MESSAGE_STATUSES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

const mailbox = z.object({ email: z.string(), name: z.string().optional() }).openapi("Mailbox");

export const sendResult = z
  .object({
    id: z.string().openapi({ example: "msg_01jdz3m4q8w7r5t2y6u9i0o1p2" }),
    status: z.enum(MESSAGE_STATUSES).extract(["queued", "suppressed"]),
    suppressed: z
      .array(z.string())
      .openapi({ description: "Recipients refused: on the suppression list, no credit spent" }),
  })
  .openapi("SendResult");

export const email = z
  .object({
    id: z.string(),
    status: z.enum(MESSAGE_STATUSES),
    from: mailbox,
    to: z.array(mailbox),
    cc: z.array(mailbox),
    bcc: z.array(mailbox),
    replyTo: mailbox.nullable(),
    subject: z.string(),
    tags: z.array(z.string()),
    metadata: z.record(z.string(), z.string()),
    templateId: z.string().nullable(),
    credits: z.number().int(),
    messageIdHeader: z.string().nullable(),
    attempts: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.iso.datetime(),
    sentAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime().nullable(),
  })
  .openapi("Email");

export const idempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces")
    .optional()
    .openapi({
      description: "Repeat the request safely: the same key and body get the first answer again (24 hours)",
    }),
});

export const sendErrors = {
  400: problemResponse("Invalid fields, an unverified sender, or an unsafe header value"),
  402: problemResponse("Not enough email credits: nothing was sent"),
  409: problemResponse("The Idempotency-Key was used with another body"),
  413: problemResponse("The request is larger than 8 MiB"),
};

type View = {
  createdAt: Date;
  sentAt: Date | null;
  updatedAt: Date | null;
  replyTo: { email: string; name?: string | undefined } | null;
};

export function emailJson<T extends View>(view: T) {
  return {
    ...view,
    createdAt: view.createdAt.toISOString(),
    sentAt: view.sentAt?.toISOString() ?? null,
    updatedAt: view.updatedAt?.toISOString() ?? null,
  };
}
