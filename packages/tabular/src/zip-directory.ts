import { type ByteSource, UnreadableFile } from "./sheet";

/** A file in a ZIP archive, as the archive's central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  /** 0: stored; 8: deflated. */
  readonly method: number;
  readonly compressedSize: number;
  /** Uncompressed size. */
  readonly size: number;
  /** Where its local header starts; its data follows that header. */
  readonly headerOffset: number;
  readonly encrypted: boolean;
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const END_SIZE = 22;
const MAX_COMMENT = 0xffff;
/** An XLSX holds a few dozen parts: a bigger directory is not one. */
const MAX_DIRECTORY_BYTES = 16 << 20;
const NOT_XLSX = "is not an XLSX file";

/**
 * The entries of the ZIP archive in `source`, by lower-case name, from its central directory: found
 * through the end-of-central-directory record (searched in the last 64 KiB + 22 bytes, ZIP64 too), so
 * it costs two or three range reads whatever the archive's size.
 */
export async function readZipDirectory(source: ByteSource): Promise<Map<string, ZipEntry>> {
  const { offset, size, count } = await findCentralDirectory(source);
  if (size > MAX_DIRECTORY_BYTES || offset + size > source.size) throw new UnreadableFile(NOT_XLSX);
  const bytes = await source.read(offset, size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const names = new TextDecoder();
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let index = 0; index < count; index++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== DIRECTORY_ENTRY)
      throw new UnreadableFile(NOT_XLSX);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength)).replaceAll("\\", "/");
    let size = view.getUint32(at + 24, true);
    let compressedSize = view.getUint32(at + 20, true);
    let headerOffset = view.getUint32(at + 42, true);
    // ZIP64: the 64-bit values, in this order, of the fields set to 0xFFFFFFFF.
    const zip64 = findExtra(view, at + 46 + nameLength, extraLength, 0x0001);
    if (zip64 !== undefined) {
      let field = zip64;
      const next = () => {
        field += 8;
        return Number(view.getBigUint64(field - 8, true));
      };
      if (size === 0xffffffff) size = next();
      if (compressedSize === 0xffffffff) compressedSize = next();
      if (headerOffset === 0xffffffff) headerOffset = next();
    }
    entries.set(name.toLowerCase(), {
      name,
      method: view.getUint16(at + 10, true),
      compressedSize,
      size,
      headerOffset,
      encrypted: (view.getUint16(at + 8, true) & 1) === 1,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function findCentralDirectory(
  source: ByteSource,
): Promise<{ offset: number; size: number; count: number }> {
  if (source.size < END_SIZE) throw new UnreadableFile(NOT_XLSX);
  const tailStart = Math.max(0, source.size - END_SIZE - MAX_COMMENT);
  const tail = await source.read(tailStart, source.size - tailStart);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let end = tail.length - END_SIZE;
  while (end >= 0 && view.getUint32(end, true) !== END_OF_DIRECTORY) end--;
  if (end < 0) throw new UnreadableFile(NOT_XLSX);
  const count = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (count !== 0xffff && size !== 0xffffffff && offset !== 0xffffffff) return { offset, size, count };

  // ZIP64: a locator just before the record points at the 64-bit end of central directory.
  const locator = end - 20;
  if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) throw new UnreadableFile(NOT_XLSX);
  const zip64Offset = Number(view.getBigUint64(locator + 8, true));
  const record = await source.read(zip64Offset, 56);
  const zip64 = new DataView(record.buffer, record.byteOffset, record.byteLength);
  if (record.length < 56 || zip64.getUint32(0, true) !== ZIP64_END_OF_DIRECTORY)
    throw new UnreadableFile(NOT_XLSX);
  return {
    count: Number(zip64.getBigUint64(32, true)),
    size: Number(zip64.getBigUint64(40, true)),
    offset: Number(zip64.getBigUint64(48, true)),
  };
}

/** Where the data of extra field `id` starts, in the extra fields at `from`. */
function findExtra(view: DataView, from: number, length: number, id: number): number | undefined {
  for (let at = from; at + 4 <= from + length; at += 4 + view.getUint16(at + 2, true)) {
    if (view.getUint16(at, true) === id) return at + 4;
  }
  return undefined;
}
