import { Inflate } from "fflate";
import { type ByteSource, UnreadableFile } from "./sheet";
import type { ZipEntry } from "./zip-directory";

const LOCAL_HEADER = 0x04034b50;
/** Compressed bytes read from the source at a time. */
const READ_BYTES = 1 << 20;
/**
 * Compressed bytes given to the inflater at a time: what comes out of it is at most about a thousand
 * times that (DEFLATE's limit), 4 MiB for a zip bomb, some tens of KiB for a real sheet.
 */
const INFLATE_BYTES = 4 << 10;
/** The largest piece handed on, so that what is made of one piece (a sheet's rows) stays small too. */
const PIECE_BYTES = 64 << 10;
const DAMAGED = "is damaged: its compressed data cannot be read";

/**
 * The uncompressed bytes of a ZIP entry, in pieces of at most 64 KiB: the compressed data is read in
 * ranges of 1 MiB and inflated as it comes (stored entries pass through).
 */
export async function* entryBytes(source: ByteSource, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  if (entry.encrypted)
    throw new UnreadableFile("is password-protected: remove the password and upload it again");
  if (entry.method !== 0 && entry.method !== 8)
    throw new UnreadableFile("uses a compression that is not DEFLATE");
  const start = await dataStart(source, entry);
  const end = start + entry.compressedSize;
  if (end > source.size) throw new UnreadableFile(DAMAGED);
  const pieces: Uint8Array[] = [];
  const inflate = new Inflate((piece) => {
    if (piece.length > 0) pieces.push(piece);
  });
  for (let at = start; at < end; ) {
    const window = await source.read(at, Math.min(READ_BYTES, end - at));
    if (window.length === 0) throw new UnreadableFile(DAMAGED);
    at += window.length;
    if (entry.method === 0) {
      yield* slices(window);
      continue;
    }
    for (let from = 0; from < window.length; from += INFLATE_BYTES) {
      const last = at === end && from + INFLATE_BYTES >= window.length;
      try {
        inflate.push(window.subarray(from, from + INFLATE_BYTES), last);
      } catch {
        throw new UnreadableFile(DAMAGED);
      }
      for (const piece of pieces.splice(0)) yield* slices(piece);
    }
  }
}

function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += PIECE_BYTES) yield bytes.subarray(at, at + PIECE_BYTES);
}

/** The whole text of a small entry (a workbook's parts other than its sheets); `tooLarge` past `maxBytes`. */
export async function entryText(
  source: ByteSource,
  entry: ZipEntry,
  maxBytes: number,
  tooLarge: string,
): Promise<string> {
  if (entry.size > maxBytes) throw new UnreadableFile(tooLarge);
  const decoder = new TextDecoder();
  let text = "";
  let total = 0;
  for await (const bytes of entryBytes(source, entry)) {
    total += bytes.length;
    if (total > maxBytes) throw new UnreadableFile(tooLarge); // its directory entry understated it
    text += decoder.decode(bytes, { stream: true });
  }
  return text + decoder.decode();
}

/** Where the entry's data starts: after its local header, whose name and extra field lengths may differ from the directory's. */
async function dataStart(source: ByteSource, entry: ZipEntry): Promise<number> {
  const header = await source.read(entry.headerOffset, 30);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (header.length < 30 || view.getUint32(0, true) !== LOCAL_HEADER) throw new UnreadableFile(DAMAGED);
  return entry.headerOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
}
