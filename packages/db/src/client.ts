import { drizzle } from "drizzle-orm/libsql/web";
import { type Database, type DatabaseConfig, drizzleOptions } from "./database";

/**
 * Clients made so far in this isolate, by URL and token. A client holds no connection of its own
 * (each call is a fetch of the request that makes it), and making one is not free: drizzle reads
 * the whole schema's relations, the client its URL. A rotated token makes a new one.
 */
const clients = new Map<string, Database>();
const MAX_CLIENTS = 8;

/**
 * The client factory for workers and any web-standard runtime: speaks libSQL's remote protocol
 * over fetch (Turso in production, the local libSQL server in development and tests). Made once
 * per isolate for the same URL and token.
 */
export function createDb({ url, authToken }: DatabaseConfig): Database {
  const key = `${url} ${authToken ?? ""}`;
  let db = clients.get(key);
  if (!db) {
    if (clients.size >= MAX_CLIENTS) clients.clear();
    // No queue of the client's own: shared by the isolate's requests, a call it held back would
    // later run in another request's context (which workerd refuses); the runtime limits fetches.
    db = drizzle({ connection: { url, authToken, concurrency: Number.MAX_SAFE_INTEGER }, ...drizzleOptions });
    clients.set(key, db);
  }
  return db;
}
