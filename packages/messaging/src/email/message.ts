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

export const emailMessageSchema = z
  .strictObject({
    from: mailbox,
    to: z.array(mailbox).min(1).max(50),
    replyTo: mailbox.optional(),
    subject: headerText(998).min(1),
    text: z.string(),
    html: z.string().optional(),
    messageId: messageId.optional(),
    headers: extraHeaders.optional(),
    listUnsubscribe: z.strictObject({ url: unsubscribeUrl, mailto: emailAddress.optional() }).optional(),
  })
  .superRefine((message, ctx) => {
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

/** One email to build and send: a sender, 1–50 visible recipients, a subject and a text body. */
export type EmailMessage = z.input<typeof emailMessageSchema>;
export type EmailAddress = EmailMessage["from"];

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
