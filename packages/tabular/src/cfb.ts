import type { ByteSource } from "./sheet";

const MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffa; // and the special sector numbers above it
const MAX_DIRECTORY_SECTORS = 256;

/**
 * Whether `head` (a file's first bytes) starts a Compound File Binary container: an XLS workbook, or
 * an XLSX encrypted with a password (its ZIP is then an "EncryptedPackage" stream inside one).
 */
export function isCfb(head: Uint8Array): boolean {
  return MAGIC.every((byte, index) => head[index] === byte);
}

/**
 * Whether the CFB container in `source` holds an "EncryptedPackage" stream, that is, is an Office
 * file encrypted with a password. Walks the directory's sector chain through the FAT with range reads.
 */
export async function hasEncryptedPackage(source: ByteSource): Promise<boolean> {
  const header = await source.read(0, 512);
  if (header.length < 512 || !isCfb(header)) return false;
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const sectorSize = 1 << view.getUint16(30, true);
  if (sectorSize !== 512 && sectorSize !== 4096) return false;
  const sectorOffset = (sector: number) => (sector + 1) * sectorSize;
  const nextSector = async (sector: number): Promise<number> => {
    const perFatSector = sectorSize / 4;
    const fatIndex = Math.floor(sector / perFatSector);
    if (fatIndex >= 109) return END_OF_CHAIN; // in the DIFAT's own sectors: far past any directory
    const fatSector = view.getUint32(76 + fatIndex * 4, true);
    const entry = await source.read(sectorOffset(fatSector) + (sector % perFatSector) * 4, 4);
    return entry.length === 4
      ? new DataView(entry.buffer, entry.byteOffset, 4).getUint32(0, true)
      : END_OF_CHAIN;
  };

  let sector = view.getUint32(48, true);
  for (let count = 0; sector < END_OF_CHAIN && count < MAX_DIRECTORY_SECTORS; count++) {
    const bytes = await source.read(sectorOffset(sector), sectorSize);
    const directory = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let at = 0; at + 128 <= bytes.length; at += 128) {
      const nameBytes = directory.getUint16(at + 64, true);
      if (nameBytes < 2 || nameBytes > 64) continue;
      let name = "";
      for (let i = 0; i < nameBytes - 2; i += 2)
        name += String.fromCharCode(directory.getUint16(at + i, true));
      if (name === "EncryptedPackage") return true;
    }
    sector = await nextSector(sector);
  }
  return false;
}
