import type { ByteSource } from "./sheet";

/** A file already in memory as a ByteSource: for tests and for files small enough to hold whole. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, Math.min(offset + length, bytes.length)),
  };
}
