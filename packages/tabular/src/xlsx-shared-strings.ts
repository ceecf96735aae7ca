import { type ByteSource, UnreadableFile } from "./sheet";
import { decodeOfficeEscapes, decodeXmlText } from "./xml-text";
import type { ZipEntry } from "./zip-directory";
import { entryBytes } from "./zip-entry";

/** More distinct text than this would not leave room in 128 MiB to read the sheet. */
const MAX_SHARED_STRINGS_BYTES = 32 << 20;
const ITEM = /<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g;
const PHONETIC = /<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g;
const TEXT = /<(?:\w+:)?t\b[^>]*?(?:\/>|>([^<]*)<\/(?:\w+:)?t>)/g;

/**
 * The workbook's shared strings (the text of `t="s"` cells, by index), parsed as the part inflates so
 * that its XML is never held whole. Rich text is joined run by run; phonetic guides (`<rPh>`) are left
 * out. Refused over 32 MiB uncompressed.
 */
export async function readSharedStrings(source: ByteSource, entry: ZipEntry): Promise<string[]> {
  const tooLarge = "has more than 32 MiB of distinct text: save it as CSV";
  if (entry.size > MAX_SHARED_STRINGS_BYTES) throw new UnreadableFile(tooLarge);
  const strings: string[] = [];
  const decoder = new TextDecoder();
  let pending = "";
  let total = 0;
  for await (const bytes of entryBytes(source, entry)) {
    total += bytes.length;
    if (total > MAX_SHARED_STRINGS_BYTES) throw new UnreadableFile(tooLarge);
    pending += decoder.decode(bytes, { stream: true });
    let consumed = 0;
    for (const match of pending.matchAll(ITEM)) {
      strings.push(itemText(match[1] ?? ""));
      consumed = match.index + match[0].length;
    }
    pending = pending.slice(consumed);
  }
  return strings;
}

function itemText(xml: string): string {
  let text = "";
  for (const [, run = ""] of xml.replace(PHONETIC, "").matchAll(TEXT)) text += run;
  return decodeOfficeEscapes(decodeXmlText(text));
}
