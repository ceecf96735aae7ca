import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase } from "@edgepost/db/migrate";
import { startLibsqlServer } from "@edgepost/libsql-server";

/**
 * A fresh, migrated database file served by the local libSQL server with a bearer token, for
 * suites whose workers run in workerd and so can reach the database only over HTTP.
 */
export async function startTestDatabase(): Promise<{
  url: string;
  authToken: string;
  close(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), "edgepost-test-db-"));
  const path = join(dir, "test.db");
  await migrateDatabase({ url: `file:${path}` });
  const authToken = randomBytes(24).toString("base64url");
  const server = await startLibsqlServer({ path, port: 0, authToken });
  return {
    url: server.url,
    authToken,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
