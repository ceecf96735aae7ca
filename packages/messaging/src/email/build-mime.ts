import {
  createMimeMessage,
  type HeaderField,
  Mailbox,
  type MIMEMessage,
  type MIMEMessageContent,
} from "mimetext/browser";
import { base64Lines, foldBase64 } from "./base64-lines";
import { fileNameParameter, mailboxListValue, unstructuredValue } from "./header-encoding";
import { type EmailMessage, parseEmailMessage, type ValidEmailMessage } from "./message";

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
/**
 * Random bytes for Message-IDs and boundaries, drawn from one buffer refilled from the CSPRNG
 * when used up (filled on first use: workerd refuses randomness at the top level of a module).
 * Each byte is used once, so they stay as unpredictable as before (a body cannot guess its
 * boundary); a `getRandomValues` call per value cost more than building the rest of a small message.
 */
const randomPool = new Uint8Array(4096);
let randomUsed = randomPool.length;

function randomHex(bytes: number): string {
  if (randomUsed + bytes > randomPool.length) {
    crypto.getRandomValues(randomPool);
    randomUsed = 0;
  }
  let hex = "";
  for (let end = randomUsed + bytes; randomUsed < end; randomUsed++)
    hex += HEX[randomPool[randomUsed] as number];
  return hex;
}

/** A fresh `<random@sender-domain>` Message-ID. */
export function generateMessageId(fromEmail: string): string {
  const domain = fromEmail.slice(fromEmail.lastIndexOf("@") + 1);
  return `<${randomHex(16)}@${domain}>`;
}

const encoder = new TextEncoder();
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII without NUL is what 7bit allows
const SEVEN_BIT = /^[\x01-\x7f]*$/;

/** CRLF for every line break (CRLF, CR or LF); text with LF alone skips the regex. */
const canonicalLineBreaks = (text: string): string =>
  text.includes("\r") ? text.replace(/\r\n|\r|\n/g, "\r\n") : text.replaceAll("\n", "\r\n");

/** Whether no line of CRLF-separated `text` is longer than 998 characters (RFC 5322 2.1.1). */
function linesFit(text: string): boolean {
  let start = 0;
  for (let end = text.indexOf("\r\n"); end !== -1; end = text.indexOf("\r\n", start)) {
    if (end - start > 998) return false;
    start = end + 2;
  }
  return text.length - start <= 998;
}

/**
 * Text in canonical form (CRLF line breaks). Pure ASCII with lines ≤ 998 octets goes as 7bit,
 * readable and untouched; anything else as base64 in 76-character lines (RFC 2045).
 */
function bodyPart(text: string): { data: string; encoding: "7bit" | "base64" } {
  const canonical = canonicalLineBreaks(text);
  if (SEVEN_BIT.test(canonical) && linesFit(canonical)) return { data: canonical, encoding: "7bit" };
  return { data: base64Lines(encoder.encode(canonical)), encoding: "base64" };
}

/**
 * mimetext 3.0.28 writes each Subject and display name as one unbounded encoded-word and never
 * folds: fine for short values, over RFC 2047's 75 characters (and SMTP's 1000-octet line) for
 * long ones. Its fields keep their place and value; only how they are written is replaced.
 */
function writeFieldAs(mime: MIMEMessage | MIMEMessageContent, name: string, text: string): void {
  const fields: HeaderField[] = mime.headers.fields;
  const field = fields.find((candidate) => candidate.name === name);
  if (field === undefined) throw new Error(`mimetext has no ${name} field`);
  field.dump = () => text;
}

/** `type; param` on one line when it fits in 78 characters, else the parameter on a folded line. */
const withParameter = (headerName: string, value: string, parameter: string): string =>
  !parameter.includes("\r\n") && headerName.length + 2 + value.length + 2 + parameter.length <= 78
    ? `${value}; ${parameter}`
    : `${value};\r\n ${parameter}`;

/**
 * One attachment: base64 in 76-character lines, `attachment` — or `inline` with a Content-ID when
 * it has one — and its file name encoded for the header (see {@link fileNameParameter}).
 * mimetext decides the multipart structure (mixed, related for inline parts) by looking for
 * "attachment" and "inline" in Content-Disposition, so that field holds the bare disposition
 * and only its written form carries the file name.
 */
function addAttachment(mime: MIMEMessage, file: NonNullable<ValidEmailMessage["attachments"]>[number]): void {
  const disposition = file.contentId === undefined ? "attachment" : "inline";
  const part = mime.addAttachment({
    filename: "",
    contentType: file.contentType,
    data: foldBase64(file.contentBase64),
    encoding: "base64",
    inline: file.contentId !== undefined,
    headers: file.contentId === undefined ? {} : { "Content-ID": `<${file.contentId}>` },
  });
  part.setHeader("Content-Disposition", disposition);
  const name = fileNameParameter("name", file.filename);
  writeFieldAs(part, "Content-Type", withParameter("Content-Type", file.contentType, name));
  const filename = fileNameParameter("filename", file.filename);
  writeFieldAs(part, "Content-Disposition", withParameter("Content-Disposition", disposition, filename));
}

function listUnsubscribe(
  mime: MIMEMessage,
  options: NonNullable<ValidEmailMessage["listUnsubscribe"]>,
): void {
  const targets = [...(options.mailto ? [`<mailto:${options.mailto}>`] : []), `<${options.url}>`];
  const fits = "List-Unsubscribe: ".length + targets.join(", ").length <= 78;
  mime.setHeader("List-Unsubscribe", targets.join(fits ? ", " : ",\r\n "));
  mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
}

/**
 * The RFC 5322 message (CRLF line breaks) for an email: Date, From, Reply-To, To, Cc, Message-ID,
 * Subject, MIME-Version, extra headers, List-Unsubscribe (RFC 8058), then text/plain — or
 * multipart/alternative of text/plain and text/html when there is HTML — inside multipart/mixed
 * with the attachments (and multipart/related with the inline ones). Bcc is never written.
 * Throws InvalidEmailMessageError when the message fails {@link parseEmailMessage}.
 */
export function buildMime(input: EmailMessage): string {
  const message = parseEmailMessage(input);
  const mime = createMimeMessage();
  mime.boundaries = {
    mixed: `mixed${randomHex(12)}`,
    alt: `alt${randomHex(12)}`,
    related: `rel${randomHex(12)}`,
  };

  mime.setSender({ addr: message.from.email, name: message.from.name ?? "" });
  writeFieldAs(mime, "From", mailboxListValue("From", [message.from]));
  mime.setTo(message.to.map((to) => ({ addr: to.email, name: to.name ?? "" })));
  writeFieldAs(mime, "To", mailboxListValue("To", message.to));
  if (message.cc !== undefined && message.cc.length > 0) {
    mime.setCc(message.cc.map((cc) => ({ addr: cc.email, name: cc.name ?? "" })));
    writeFieldAs(mime, "Cc", mailboxListValue("Cc", message.cc));
  }
  // Bcc is never written: those recipients are in the envelope (RCPT TO, the providers' bcc) only.
  if (message.replyTo) {
    mime.setHeader(
      "Reply-To",
      new Mailbox({ addr: message.replyTo.email, name: message.replyTo.name ?? "" }),
    );
    writeFieldAs(mime, "Reply-To", mailboxListValue("Reply-To", [message.replyTo]));
  }
  mime.setHeader("Message-ID", message.messageId ?? generateMessageId(message.from.email));
  mime.setSubject(message.subject);
  writeFieldAs(mime, "Subject", unstructuredValue("Subject", message.subject));
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    mime.setHeader(name, unstructuredValue(name, value));
  }
  if (message.listUnsubscribe) listUnsubscribe(mime, message.listUnsubscribe);

  const text = bodyPart(message.text);
  mime.addMessage({ contentType: "text/plain", charset: "UTF-8", ...text });
  if (message.html !== undefined) {
    mime.addMessage({ contentType: "text/html", charset: "UTF-8", ...bodyPart(message.html) });
  }
  for (const file of message.attachments ?? []) addAttachment(mime, file);
  return `${mime.asRaw()}\r\n`;
}
