const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const ATTRIBUTE = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** Office writes characters XML cannot carry (and "_x" itself) as `_xHHHH_`. */
const OFFICE_ESCAPE = /_x([0-9a-fA-F]{4})_/g;
/**
 * What XML 1.0 cannot hold: control characters other than TAB, LF and CR, U+FFFE, U+FFFF and
 * surrogates that are not part of a pair.
 */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what it removes.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What escapeXml changes: markup characters and (a superset of) what XML cannot hold. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are what it looks for.
const NEEDS_ESCAPING = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** XML character data with its entity and character references replaced by what they stand for. */
export function decodeXmlText(raw: string): string {
  if (!raw.includes("&")) return raw;
  return raw.replace(ENTITY, (entity, hex: string | undefined, decimal: string | undefined, name) => {
    if (name) return NAMED[name] ?? entity;
    const code = hex ? Number.parseInt(hex, 16) : Number(decimal);
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/** Text with Office's `_xHHHH_` escapes replaced by their characters (`_x000D_` is a CR). */
export function decodeOfficeEscapes(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(OFFICE_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/**
 * The attributes of a start tag's text (what follows its name), by local name: `r:id` is "id".
 * Values are decoded.
 */
export function xmlAttributes(tag: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [, name = "", doubleQuoted, singleQuoted] of tag.matchAll(ATTRIBUTE)) {
    attributes[name.slice(name.indexOf(":") + 1)] = decodeXmlText(doubleQuoted ?? singleQuoted ?? "");
  }
  return attributes;
}

/** Text made safe for XML content or a double-quoted attribute; characters XML cannot hold are dropped. */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text
    .replace(NOT_XML, "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
