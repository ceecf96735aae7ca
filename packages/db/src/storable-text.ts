/**
 * What a text column cannot keep: U+0000, because the database engine hands text back as a C string
 * (everything after it is lost), and a surrogate that is not half of a pair, which has no UTF-8
 * encoding (it would come back as U+FFFD). Every other character is kept as it is: controls,
 * noncharacters (U+FFFE, U+FFFF), emoji and bidirectional marks included.
 */
const UNSTORABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is what it looks for.
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a text cannot be stored as it is ("contains U+0000 (NUL), …"), or undefined when it can.
 * Shared by every way text comes in: request bodies and queries, and the cells of imported files.
 */
export function unstorableText(text: string): string | undefined {
  const found = UNSTORABLE.exec(text)?.[0];
  if (found === undefined) return undefined;
  const code = `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  return found === "\u0000"
    ? `contains ${code} (NUL), which cannot be stored`
    : `contains ${code}, half of a surrogate pair without its other half, which cannot be stored`;
}

/** The text with each character that cannot be stored replaced by U+FFFD, to show it. */
export function storableForDisplay(text: string): string {
  return text.replace(new RegExp(UNSTORABLE, "g"), "\uFFFD");
}
