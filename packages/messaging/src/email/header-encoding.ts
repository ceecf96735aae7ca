/**
 * Header field bodies as RFC 5322 and RFC 2047 want them: printable ASCII folded at spaces
 * (lines ≤ 78 characters where a space allows it, never over 998), anything else as UTF-8
 * "B" encoded-words of at most 75 characters, each on a line of at most 76.
 * Values reaching here have been checked free of control characters (see message.ts).
 */

type Mailbox = { email: string; name?: string | undefined };

const FOLD_AT = 78;
const HARD_LIMIT = 998;
const ENCODED_LINE_LIMIT = 76;
const WORD_OVERHEAD = "=?UTF-8?B?".length + "?=".length;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const encoder = new TextEncoder();

/** Base64 of bytes, in pieces so large bodies don't overflow the argument list. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}

const wordOf = (text: string): string => `=?UTF-8?B?${bytesToBase64(encoder.encode(text))}?=`;

/** Bytes of a code point in UTF-8 (a lone surrogate, never stored, would be U+FFFD's three). */
const utf8Length = (codePoint: number): number =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/** Largest UTF-8 byte count whose base64 fits in an encoded-word of `chars` characters. */
const byteBudget = (chars: number): number => Math.floor((chars - WORD_OVERHEAD) / 4) * 3;

/**
 * Splits `text` into encoded-words, never inside a character, the first sized to fit after
 * `firstLineUsed` characters, the others after a folding space.
 */
function encodedWords(text: string, firstLineUsed: number): string[] {
  const words: string[] = [];
  let budget = byteBudget(Math.min(75, ENCODED_LINE_LIMIT - 1 - firstLineUsed));
  let chunk = "";
  let chunkBytes = 0;
  for (const character of text) {
    const size = utf8Length(character.codePointAt(0) ?? 0);
    if (chunkBytes + size > budget && chunk !== "") {
      words.push(wordOf(chunk));
      budget = byteBudget(Math.min(75, ENCODED_LINE_LIMIT - 2));
      chunk = "";
      chunkBytes = 0;
    }
    chunk += character;
    chunkBytes += size;
  }
  if (chunk !== "" || words.length === 0) words.push(wordOf(chunk));
  return words;
}

/** Joins tokens with spaces, folding (CRLF SP) before a token that would make a line pass `limit`. */
function foldTokens(tokens: readonly string[], firstLineUsed: number, limit: number): string {
  let out = "";
  let lineLength = firstLineUsed;
  for (const [index, token] of tokens.entries()) {
    if (index === 0) {
      out = token;
      lineLength += token.length;
    } else if (lineLength + 1 + token.length > limit) {
      out += `\r\n ${token}`;
      lineLength = 1 + token.length;
    } else {
      out += ` ${token}`;
      lineLength += 1 + token.length;
    }
  }
  return out;
}

const canStayPlain = (value: string): boolean => PRINTABLE_ASCII.test(value) && !value.includes("=?");

/**
 * Folds printable ASCII at its spaces (a fold only ever goes before an existing space, so
 * unfolding gives the value back); undefined when a line would still pass 998 characters.
 */
function foldPlain(value: string, firstLineUsed: number): string | undefined {
  const lines: string[] = [];
  let line = "";
  for (const piece of value.split(/(?= )/)) {
    const used = lines.length === 0 ? firstLineUsed : 0;
    if (line.trim() !== "" && piece.trim() !== "" && used + line.length + piece.length > FOLD_AT) {
      lines.push(line);
      line = piece;
    } else {
      line += piece;
    }
  }
  lines.push(line);
  const fits = lines.every((text, index) => (index === 0 ? firstLineUsed : 0) + text.length <= HARD_LIMIT);
  return fits ? lines.join("\r\n") : undefined;
}

/** The body of an unstructured field (Subject, extra headers) written after `Name: `. */
export function unstructuredValue(headerName: string, value: string): string {
  const used = headerName.length + 2;
  const plain = canStayPlain(value) ? foldPlain(value, used) : undefined;
  return plain ?? foldTokens(encodedWords(value, used), used, ENCODED_LINE_LIMIT);
}

/**
 * `"Name" <email>`, `=?UTF-8?B?…?= <email>` or `<email>`, starting after `firstLineUsed`
 * characters; lines stay one short of 76 to leave room for a list's comma.
 */
function mailboxValue(mailbox: Mailbox, firstLineUsed: number): string {
  const address = `<${mailbox.email}>`;
  if (mailbox.name === undefined || mailbox.name === "") return address;
  const quoted = `"${mailbox.name.replace(/[\\"]/g, "\\$&")}"`;
  const plainFits = firstLineUsed + quoted.length < ENCODED_LINE_LIMIT;
  const phrase =
    canStayPlain(mailbox.name) && plainFits ? [quoted] : encodedWords(mailbox.name, firstLineUsed);
  return foldTokens([...phrase, address], firstLineUsed, ENCODED_LINE_LIMIT - 1);
}

/** A list of mailboxes, one per line after the first: `a <a@x>,\r\n b <b@x>`. */
export function mailboxListValue(headerName: string, mailboxes: readonly Mailbox[]): string {
  return mailboxes
    .map((mailbox, index) => mailboxValue(mailbox, index === 0 ? headerName.length + 2 : 1))
    .join(",\r\n ");
}

/** RFC 2231 attribute-char: what a percent-encoded parameter value may show as it is. */
const ATTRIBUTE_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;
const PARAMETER_LINE = FOLD_AT - 1;

const percentEncoded = (character: string): string =>
  ATTRIBUTE_CHAR.test(character)
    ? character
    : Array.from(
        encoder.encode(character),
        (byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`,
      ).join("");

/**
 * A file name as the parameter of a MIME part's header (`name` of Content-Type, `filename` of
 * Content-Disposition), written after `value;` on a line of its own. Printable ASCII that fits stays a
 * quoted-string; anything else is RFC 2231 (`filename*=UTF-8''…`, split into `filename*0*=…;
 * filename*1*=…` continuations when long) for `filename`, and RFC 2047 encoded-words for `name`,
 * which older clients read. Values reaching here are free of control characters (see message.ts).
 */
export function fileNameParameter(attribute: "name" | "filename", fileName: string): string {
  const quoted = `${attribute}="${fileName.replace(/[\\"]/g, "\\$&")}"`;
  if (canStayPlain(fileName) && 1 + quoted.length <= PARAMETER_LINE) return quoted;
  if (attribute === "name") {
    const words = encodedWords(fileName, 1 + `${attribute}="`.length);
    return `${attribute}="${foldTokens(words, 1 + `${attribute}="`.length, ENCODED_LINE_LIMIT - 2)}"`;
  }
  const pieces: string[] = [];
  let piece = "UTF-8''";
  for (const character of fileName) {
    const encoded = percentEncoded(character);
    if (piece.length + encoded.length > PARAMETER_LINE - `${attribute}*00*=;`.length - 1) {
      pieces.push(piece);
      piece = "";
    }
    piece += encoded;
  }
  pieces.push(piece);
  if (pieces.length === 1) return `${attribute}*=${piece}`;
  return pieces.map((text, index) => `${attribute}*${index}*=${text}`).join(";\r\n ");
}
