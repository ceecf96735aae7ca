export { createDb } from "./client";
export type { Database, DatabaseConfig } from "./database";
export { databaseEnv } from "./env";
export { ID_PREFIXES, type IdPrefix, idSchema, newId } from "./id";
export * from "./schema";
export { storableForDisplay, unstorableText } from "./storable-text";
