import type { MultipartUpload } from "./file-store";

/** R2 wants every part but the last of one size, at least 5 MiB. */
const PART_BYTES = 5 * 1024 * 1024;

/**
 * Bytes written in any pieces, uploaded as parts of exactly {@link PART_BYTES} (the last one
 * shorter): at most one part and one piece are held in memory.
 */
export class PartUpload {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private readonly parts: { partNumber: number; etag: string }[] = [];
  bytes = 0;

  constructor(private readonly upload: MultipartUpload) {}

  async write(piece: Uint8Array): Promise<void> {
    if (piece.byteLength === 0) return;
    this.pending.push(piece);
    this.pendingBytes += piece.byteLength;
    this.bytes += piece.byteLength;
    while (this.pendingBytes >= PART_BYTES) await this.flush(PART_BYTES);
  }

  /** Uploads what is left as the last part and assembles the object. */
  async complete(): Promise<void> {
    if (this.pendingBytes > 0 || this.parts.length === 0) await this.flush(this.pendingBytes);
    await this.upload.complete(this.parts);
  }

  private async flush(size: number): Promise<void> {
    const part = new Uint8Array(size);
    let at = 0;
    for (let head = this.pending[0]; head && at < size; head = this.pending[0]) {
      const take = Math.min(head.byteLength, size - at);
      part.set(head.subarray(0, take), at);
      at += take;
      if (take === head.byteLength) this.pending.shift();
      else this.pending[0] = head.subarray(take);
    }
    this.pendingBytes -= size;
    this.parts.push(await this.upload.uploadPart(this.parts.length + 1, part));
  }
}
