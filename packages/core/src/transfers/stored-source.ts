import type { ByteSource } from "@edgepost/tabular";
import type { FileStore } from "./file-store";

/** A stored file as the spreadsheet readers read it: range reads, one window at a time. */
export function storedSource(files: FileStore, key: string, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const end = Math.min(size, offset + length);
      if (end <= offset) return new Uint8Array(0);
      const file = await files.get(key, { range: { offset, length: end - offset } });
      if (!file) throw new Error(`the stored file ${key} is gone`);
      return new Uint8Array(await file.arrayBuffer());
    },
  };
}
