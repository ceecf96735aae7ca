import type { DeliveryMessage } from "@edgepost/contracts";
import { createDb, type Database } from "@edgepost/db";

/** What every verb runs with: the database, the clock, and the queues it may produce to. */
export interface Ctx {
  db: Database;
  now: () => Date;
}

export interface DeliveryQueue {
  send(message: DeliveryMessage): Promise<unknown>;
}

/** An authenticated caller of the API, already resolved from its credential. */
export interface Principal {
  accountId: string;
  actor: string;
  scopes: readonly string[];
}

/** The context a worker builds per request or batch from its validated bindings. */
export function createCtx(env: { LIBSQL_URL: string; LIBSQL_AUTH_TOKEN?: string | undefined }): Ctx {
  return { db: createDb({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN }), now: () => new Date() };
}
