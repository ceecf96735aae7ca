import { z } from "zod";

/**
 * C0 controls (CR, LF, TAB, NUL …), DEL, C1 controls and the Unicode line/paragraph separators.
 * None of them may reach a header: CR and LF would end the header and let input write its own
 * headers or body (header injection); the others are refused by mail systems or read as breaks.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Header fields the builder writes itself; extra headers may not set or shadow them. */
const RESERVED_HEADERS = new Set([
  "bcc",
  "cc",
  "content-disposition",
  "content-id",
  "content-transfer-encoding",
  "content-type",
  "date",
  "from",
  "list-unsubscribe",
  "list-unsubscribe-post",
  "message-id",
  "mime-version",
  "received",
  "reply-to",
  "return-path",
  "sender",
  "subject",
  "to",
]);

const headerText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !CONTROL_CHARACTERS.test(value), {
      message: "must not contain control characters (CR, LF, TAB …): header injection",
    });

const emailAddress = z.email().max(254);

const mailbox = z.strictObject({ email: emailAddress, name: headerText(256).optional() });

/** `<left@right>` of printable ASCII without spaces, angle brackets or a second `@` (RFC 5322 msg-id). */
const messageId = z
  .string()
  .max(250)
  .refine((value) => !CONTROL_CHARACTERS.test(value), { message: "must not contain control characters" })
  .regex(/^<[\x21-\x3b\x3d\x3f\x41-\x7e]+@[\x21-\x3b\x3d\x3f\x41-\x7e]+>$/, {
    message: "must look like <unique@domain>",
  });

const absoluteUrl = (value: string): URL | undefined => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** RFC 8058 wants an HTTPS one-click URL; plain HTTP is let through for loopback hosts (local stack). */
const unsubscribeUrl = headerText(900)
  .refine((value) => absoluteUrl(value) !== undefined, { message: "must be an absolute URL" })
  .transform((value) => new URL(value))
  .refine(
    (url) => url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)),
    {
      message: "must be an https: URL (RFC 8058)",
    },
  )
  .transform((url) => url.href)
  .refine((href) => href.length <= 900, { message: "is too long once percent-encoded (900 characters)" });

const extraHeaders = z.record(
  z
    .string()
    .max(40)
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/, { message: "header names are letters, digits and '-'" }),
  headerText(900),
);

/** Recipients of one message, To, Cc and Bcc together (Postmark's, Resend's and SES's limit). */
const MAX_RECIPIENTS = 50;
/** Decoded size of all attachments together: what every provider accepts once base64 and MIME are added. */
const MAX_ATTACHMENT_BYTES = 7 * 1024 * 1024;
const MAX_BASE64_LENGTH = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4;

/** RFC 6838 restricted-name, for the type and the subtype: no parameters, no spaces, no quotes. */
const MIME_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
/** Written as `Content-ID: <…>` and referenced as `cid:…`: atext, dots and `@`, no brackets or spaces. */
const CONTENT_ID = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.@]+$/;
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;

/** Standard base64 without line breaks, padded to a multiple of four characters. */
function isBase64(value: string): boolean {
  if (value.length % 4 !== 0 || NOT_BASE64.test(value)) return false;
  const padding = value.indexOf("=");
  return padding === -1 || (padding >= value.length - 2 && /^=+$/.test(value.slice(padding)));
}

/** Bytes that (valid) base64 decodes to. */
const base64Size = (value: string): number =>
  (value.length / 4) * 3 - (value.endsWith("==") ? 2 : value.endsWith("=") ? 1 : 0);

const attachment = z.strictObject({
  filename: headerText(255).min(1),
  contentType: z.string().regex(MIME_TYPE, { message: "must be a type/subtype such as application/pdf" }),
  contentBase64: z
    .string()
    .max(MAX_BASE64_LENGTH, { message: "is larger than 7 MiB" })
    .refine(isBase64, { message: "must be base64 (A–Z a–z 0–9 + /, padded with =, no line breaks)" }),
  /** Makes the part inline, for `<img src="cid:…">` in the HTML. */
  contentId: z
    .string()
    .max(127)
    .regex(CONTENT_ID, { message: "must be letters, digits and . @ - _ (no spaces or brackets)" })
    .optional(),
});

/** Resend's rule for tag names and values; SES accepts the same, Postmark takes them as metadata. */
const TAG = /^[A-Za-z0-9_-]{1,256}$/;

export const emailMessageSchema = z
  .strictObject({
    from: mailbox,
    to: z.array(mailbox).min(1).max(MAX_RECIPIENTS),
    /** Written in the Cc header; like Bcc, every address gets the message. */
    cc: z.array(mailbox).max(MAX_RECIPIENTS).optional(),
    /** Never written in the message: recipients of the envelope only. */
    bcc: z.array(mailbox).max(MAX_RECIPIENTS).optional(),
    replyTo: mailbox.optional(),
    subject: headerText(998).min(1),
    text: z.string(),
    html: z.string().optional(),
    messageId: messageId.optional(),
    headers: extraHeaders.optional(),
    listUnsubscribe: z.strictObject({ url: unsubscribeUrl, mailto: emailAddress.optional() }).optional(),
    attachments: z.array(attachment).max(20).optional(),
    /** Given to providers that deduplicate by it (Resend's `Idempotency-Key`); the platform passes its message id. */
    idempotencyKey: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[\x20-\x7e]+$/, { message: "must be printable ASCII" })
      .optional(),
    /**
     * Signs the message with DKIM (RFC 6376) for providers that send it as built (SMTP): the sender
     * domain's key (base64 PKCS#8). HTTP providers sign with their own keys and ignore it.
     */
    dkim: z
      .strictObject({
        domain: z.string().regex(/^[a-z0-9.-]{1,253}$/i, { message: "must be a domain name" }),
        selector: z.string().regex(/^[a-z0-9_-]{1,63}$/i, { message: "must be a DKIM selector" }),
        privateKeyPkcs8: z.string().min(1),
      })
      .optional(),
    /** Name → value, for providers that carry tags (Resend, SES; Postmark as metadata). */
    tags: z
      .record(
        z.string().regex(TAG, { message: "tag names are 1–256 letters, digits, '_' and '-'" }),
        z.string().regex(TAG, { message: "tag values are 1–256 letters, digits, '_' and '-'" }),
      )
      .refine((tags) => Object.keys(tags).length <= 10, { message: "at most 10 tags" })
      .optional(),
  })
  .superRefine((message, ctx) => {
    const recipients = message.to.length + (message.cc?.length ?? 0) + (message.bcc?.length ?? 0);
    if (recipients > MAX_RECIPIENTS) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `to, cc and bcc together hold at most ${MAX_RECIPIENTS} recipients, not ${recipients}`,
      });
    }
    const bytes = (message.attachments ?? []).reduce((sum, file) => sum + base64Size(file.contentBase64), 0);
    if (bytes > MAX_ATTACHMENT_BYTES) {
      ctx.addIssue({ code: "custom", path: ["attachments"], message: "are larger than 7 MiB together" });
    }
    const seen = new Set<string>();
    for (const name of Object.keys(message.headers ?? {})) {
      const lower = name.toLowerCase();
      if (RESERVED_HEADERS.has(lower) || seen.has(lower)) {
        ctx.addIssue({
          code: "custom",
          path: ["headers", name],
          message: RESERVED_HEADERS.has(lower)
            ? "is written by the builder and cannot be set"
            : "is set twice",
        });
      }
      seen.add(lower);
    }
  });

/** One email to build and send: a sender, 1–50 recipients, a subject, a text body, maybe attachments. */
export type EmailMessage = z.input<typeof emailMessageSchema>;
export type EmailAddress = EmailMessage["from"];
export type EmailAttachment = NonNullable<EmailMessage["attachments"]>[number];

/** A message that passed {@link emailMessageSchema}: every header value is safe to write. */
export type ValidEmailMessage = z.output<typeof emailMessageSchema>;

export class InvalidEmailMessageError extends Error {
  override readonly name = "InvalidEmailMessageError";
  constructor(
    message: string,
    /** Where each problem is, e.g. `to[0].name`, `headers.X-Tag`. */
    readonly fields: string[],
  ) {
    super(message);
  }
}

const fieldPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => {
    if (typeof key === "number") return `${out}[${key}]`;
    return out === "" ? String(key) : `${out}.${String(key)}`;
  }, "");

/** Validates a message; throws {@link InvalidEmailMessageError} naming every offending field. */
export function parseEmailMessage(input: EmailMessage): ValidEmailMessage {
  const result = emailMessageSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ field: fieldPath([...issue.path, key]), text: "is not a known field" }))
      : [{ field: fieldPath(issue.path), text: issue.message }],
  );
  const summary = problems.map((problem) => `${problem.field || "message"}: ${problem.text}`).join("; ");
  throw new InvalidEmailMessageError(
    `Invalid email message: ${summary}`,
    problems.map((problem) => problem.field),
  );
}
