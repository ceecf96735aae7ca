import { migrateDatabase } from "./migrate";

const url = process.argv[2] ?? process.env.LIBSQL_URL;
if (!url) {
  console.error("usage: pnpm db:migrate <libsql-url>   (or set LIBSQL_URL); e.g. file:.data/edgepost.db");
  process.exit(2);
}
await migrateDatabase({ url, authToken: process.env.LIBSQL_AUTH_TOKEN });
console.log(`migrations applied to ${url.replace(/\?.*$/, "")}`);
