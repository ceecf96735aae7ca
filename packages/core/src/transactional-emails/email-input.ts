import { idSchema } from "@edgepost/db";
import { z } from "zod";

/** Headers a sender may add: its own `X-…` ones (not ours) and the threading/auto-reply fields. */
const ALLOWED_HEADERS = /^(X-(?!Edgepost-)[A-Za-z0-9][A-Za-z0-9-]*|In-Reply-To|References|Auto-Submitted)$/i;

/** Characters that could end a header line or hide in one: refused in anything that becomes a header. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
export const noControl = { message: "must not contain control characters (CR, LF, TAB …)" };

const NAMED = /^\s*"?([^"<>]*?)"?\s*<([^<>\s]+)>\s*$/;

/** `a@b.c`, `Ann <a@b.c>` or `{ "email": "a@b.c", "name": "Ann" }`, as `{ email, name? }`. */
const mailbox = z
  .union([
    z
      .string()
      .max(600)
      .refine((v) => !CONTROL.test(v), noControl),
    z.strictObject({
      email: z.string().max(254),
      name: z
        .string()
        .max(256)
        .refine((v) => !CONTROL.test(v), noControl)
        .optional(),
    }),
  ])
  .transform((value, ctx) => {
    let email: string;
    let name: string | undefined;
    if (typeof value === "string") {
      const named = NAMED.exec(value);
      email = (named ? named[2] : value.trim()) ?? "";
      name = named?.[1]?.trim() || undefined;
    } else {
      email = value.email;
      name = value.name;
    }
    if (!z.email().safeParse(email).success) {
      ctx.addIssue({ code: "custom", message: "is not a valid email address" });
      return z.NEVER;
    }
    return name ? { email, name } : { email };
  });

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const attachment = z.strictObject({
  filename: z
    .string()
    .min(1)
    .max(255)
    .refine((v) => !CONTROL.test(v) && !/[\\/]/.test(v), {
      message: "must be a file name without control characters or slashes",
    }),
  /** The file, base64-encoded. */
  content: z
    .string()
    .min(1)
    .refine((v) => v.length % 4 === 0 && BASE64.test(v), { message: "must be base64" }),
  contentType: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$/,
      "a MIME type such as application/pdf",
    )
    .default("application/octet-stream"),
  /** Makes it an inline part the HTML shows as `cid:<contentId>`. */
  contentId: z
    .string()
    .regex(/^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.@]{1,100}$/, "letters, digits and !#$%&'*+-/=?^_`{|}~.@")
    .optional(),
});

/** Limits a message must stay within (decoded attachment bytes, recipients). */
const EMAIL_LIMITS = { recipients: 50, attachments: 20, attachmentBytes: 5 * 1024 * 1024 } as const;

/** How many bytes a (valid, padded) base64 text decodes to. */
export const decodedSize = (base64: string) =>
  (base64.length / 4) * 3 - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);

/** One email as the API takes it: content given directly, or a stored template and its variables. */
export const emailInput = z
  .strictObject({
    from: mailbox,
    to: z.union([mailbox.transform((one) => [one]), z.array(mailbox).min(1).max(EMAIL_LIMITS.recipients)]),
    cc: z.array(mailbox).max(EMAIL_LIMITS.recipients).optional(),
    bcc: z.array(mailbox).max(EMAIL_LIMITS.recipients).optional(),
    replyTo: mailbox.optional(),
    subject: z
      .string()
      .min(1)
      .max(998)
      .refine((v) => !CONTROL.test(v), noControl)
      .optional(),
    html: z.string().max(1_000_000).optional(),
    text: z.string().max(1_000_000).optional(),
    template: z
      .strictObject({
        id: idSchema("tpl"),
        variables: z.record(z.string().max(100), z.unknown()).default({}),
      })
      .optional(),
    attachments: z.array(attachment).max(EMAIL_LIMITS.attachments).optional(),
    headers: z
      .record(
        z.string().max(60),
        z
          .string()
          .max(900)
          .refine((v) => !CONTROL.test(v), noControl),
      )
      .optional(),
    /** Labels to find messages by (`GET /v1/emails?tag=`). */
    tags: z
      .array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and -, at most 64"))
      .max(10)
      .optional(),
    /** Your own keys and values, returned with the message and its webhooks. */
    metadata: z.record(z.string().max(64), z.string().max(512)).optional(),
  })
  .superRefine((email, ctx) => {
    if (email.template) {
      for (const field of ["subject", "html", "text"] as const) {
        if (email[field] !== undefined) {
          ctx.addIssue({ code: "custom", path: [field], message: "comes from the template; leave it out" });
        }
      }
    } else {
      if (email.subject === undefined)
        ctx.addIssue({ code: "custom", path: ["subject"], message: "is required" });
      if (email.html === undefined && email.text === undefined) {
        ctx.addIssue({ code: "custom", path: ["text"], message: "html, text or a template is required" });
      }
    }
    const recipients = email.to.length + (email.cc?.length ?? 0) + (email.bcc?.length ?? 0);
    if (recipients > EMAIL_LIMITS.recipients) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `at most ${EMAIL_LIMITS.recipients} recipients in to, cc and bcc together`,
      });
    }
    for (const name of Object.keys(email.headers ?? {})) {
      if (!ALLOWED_HEADERS.test(name)) {
        ctx.addIssue({
          code: "custom",
          path: ["headers", name],
          message: "is not an allowed header (X-…, In-Reply-To, References, Auto-Submitted)",
        });
      }
    }
    if (Object.keys(email.metadata ?? {}).length > 20) {
      ctx.addIssue({ code: "custom", path: ["metadata"], message: "at most 20 keys" });
    }
    const bytes = (email.attachments ?? []).reduce((sum, a) => sum + decodedSize(a.content), 0);
    if (bytes > EMAIL_LIMITS.attachmentBytes) {
      ctx.addIssue({ code: "custom", path: ["attachments"], message: "at most 5 MiB of attachments in all" });
    }
  });

export type EmailInput = z.input<typeof emailInput>;
export type ValidEmailInput = z.output<typeof emailInput>;

export const sendBatchInput = z.strictObject({
  emails: z.array(emailInput).min(1).max(100),
});
