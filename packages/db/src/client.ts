import { drizzle } from "drizzle-orm/libsql/web";
import { type Database, type DatabaseConfig, drizzleOptions } from "./database";

/**
 * The client factory for workers and any web-standard runtime: speaks libSQL's remote protocol
 * over fetch (Turso in production, the local libSQL server in development and tests).
 */
export function createDb({ url, authToken }: DatabaseConfig): Database {
  return drizzle({ connection: { url, authToken }, ...drizzleOptions });
}
