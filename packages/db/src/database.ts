import type { Client } from "@libsql/client";
import type { LibSQLDatabase } from "drizzle-orm/libsql/driver-core";
import * as schema from "./schema";

/** A drizzle database over libSQL with Edgepost's schema, the same type in Node and in workerd. */
export type Database = LibSQLDatabase<typeof schema> & { $client: Client };

export interface DatabaseConfig {
  /** `libsql://…` or `http://…`; in Node also `file:…`. */
  url: string;
  authToken?: string | undefined;
}

/** Options every drizzle instance shares, so Node and workerd see the same schema and casing. */
export const drizzleOptions = { schema, casing: "snake_case" } as const;
