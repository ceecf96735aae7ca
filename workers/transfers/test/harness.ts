import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import type { TransferMessage } from "@edgepost/contracts";
import { type AccountTransferCtx, createAccount, createCtx } from "@edgepost/core";
import worker from "../src/index";

const SIGNING_SECRET = (env as unknown as { SIGNING_SECRET: string }).SIGNING_SECRET;
const bindings = env as unknown as { FILES: R2Bucket; TRANSFERS_QUEUE: Queue };
export const files = bindings.FILES;

/** A fresh account and its owner's context, with the worker's bucket; queued messages are collected. */
export async function ownerCtx(): Promise<
  AccountTransferCtx & { linkBase: string; queued: TransferMessage[] }
> {
  const base = createCtx(env as unknown as { LIBSQL_URL: string; LIBSQL_AUTH_TOKEN: string });
  const { accountId } = await createAccount({
    ctx: base,
    input: {
      name: "Shop Co",
      street: "Rue du Lac 1",
      postcode: "1003",
      city: "Lausanne",
      country: "CH",
      industry: "software",
      professionalUse: true,
      ownerEmail: `${crypto.randomUUID()}@example.com`,
    },
  });
  const queued: TransferMessage[] = [];
  return {
    ...base,
    principal: { accountId, accountStatus: "active", actor: "usr_test", role: "owner", scopes: [] },
    files,
    transfers: { send: async (message) => queued.push(message) },
    signingSecret: SIGNING_SECRET,
    linkBase: "https://api.test",
    queued,
  };
}

/** Runs the worker's queue handler on one message, as the transfers queue would deliver it. */
export async function consume(body: TransferMessage, queue = "edgepost-transfers", workerEnv: object = env) {
  const batch = createMessageBatch(queue, [
    { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body },
  ]);
  const execution = createExecutionContext();
  await worker.queue(batch, workerEnv as CloudflareBindings, execution);
  return getQueueResult(batch, execution);
}

/** A stream of bytes with a known length, as an upload's request body (with Content-Length) is. */
export function upload(bytes: Uint8Array) {
  const { readable, writable } = new FixedLengthStream(bytes.byteLength);
  const writer = writable.getWriter();
  void writer.write(bytes).then(() => writer.close());
  return { body: readable, size: bytes.byteLength };
}

export const utf8 = (text: string) => new TextEncoder().encode(text);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
