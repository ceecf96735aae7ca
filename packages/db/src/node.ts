import { drizzle } from "drizzle-orm/libsql";
import { type Database, type DatabaseConfig, drizzleOptions } from "./database";

/** The same factory for Node tools (seeding, migrations, tests), which may also open `file:` URLs. */
export function createNodeDb({ url, authToken }: DatabaseConfig): Database {
  return drizzle({ connection: { url, authToken }, ...drizzleOptions });
}
