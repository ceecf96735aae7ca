import type { TransferMessage } from "@edgepost/contracts";
import type { AccountCtx, Ctx } from "../context";

/** A stored object, or the part of it a range read asked for. */
interface StoredFile {
  readonly size: number;
  readonly body: ReadableStream<Uint8Array>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface MultipartUpload {
  readonly uploadId: string;
  uploadPart(partNumber: number, value: Uint8Array): Promise<{ partNumber: number; etag: string }>;
  complete(parts: { partNumber: number; etag: string }[]): Promise<unknown>;
  abort(): Promise<void>;
}

/**
 * Object storage for imported and exported files: the part of Cloudflare R2's bucket binding we
 * use, so the binding itself is passed in (miniflare provides it locally).
 */
export interface FileStore {
  put(
    key: string,
    value: ReadableStream | Uint8Array | string,
    options?: { httpMetadata?: { contentType?: string } },
  ): Promise<unknown>;
  get(key: string, options?: { range?: { offset: number; length: number } }): Promise<StoredFile | null>;
  head(key: string): Promise<{ readonly size: number } | null>;
  delete(keys: string | string[]): Promise<void>;
  createMultipartUpload(
    key: string,
    options?: { httpMetadata?: { contentType?: string } },
  ): Promise<MultipartUpload>;
  resumeMultipartUpload(key: string, uploadId: string): MultipartUpload;
}

export interface TransferQueue {
  send(message: TransferMessage, options?: { delaySeconds?: number }): Promise<unknown>;
}

/** What the transfers worker runs imports and exports with. */
export interface TransferCtx extends Ctx {
  files: FileStore;
  transfers: TransferQueue;
  /** HMAC key of download links. */
  signingSecret: string;
}

/** An API request that starts or reads imports and exports. */
export type AccountTransferCtx = AccountCtx & TransferCtx;
