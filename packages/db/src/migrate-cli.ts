import { isAbsolute, resolve } from "node:path";
import { migrateDatabase } from "./migrate";

const given = process.argv[2] ?? process.env.LIBSQL_URL;
if (!given) {
  console.error("usage: pnpm db:migrate <libsql-url>   (or set LIBSQL_URL); e.g. file:.data/edgepost.db");
  process.exit(2);
}
// pnpm runs this in packages/db: a relative file path means relative to where the command was typed.
const path = given.startsWith("file:") ? given.slice("file:".length) : undefined;
const url =
  path !== undefined && !isAbsolute(path)
    ? `file:${resolve(process.env.INIT_CWD ?? process.cwd(), path)}`
    : given;
await migrateDatabase({ url, authToken: process.env.LIBSQL_AUTH_TOKEN });
console.log(`migrations applied to ${url.replace(/\?.*$/, "")}`);
