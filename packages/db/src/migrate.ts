import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/libsql/migrator";
import type { DatabaseConfig } from "./database";
import { createNodeDb } from "./node";

export const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

/** Applies every committed migration not yet applied to the libSQL database at `url` (file or http). */
export async function migrateDatabase(config: DatabaseConfig): Promise<void> {
  const db = createNodeDb(config);
  try {
    await migrate(db, { migrationsFolder });
  } finally {
    db.$client.close();
  }
}
