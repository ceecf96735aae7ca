import { z } from "zod";

/** The database settings every worker needs; secrets in production, injected by the local stack. */
export const databaseEnv = z.object({
  LIBSQL_URL: z.string().regex(/^(libsql|https?|wss?):\/\/\S+$/, "a libsql://, https:// or http:// URL"),
  LIBSQL_AUTH_TOKEN: z.string().optional(),
});
