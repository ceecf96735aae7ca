import { databaseEnv } from "@edgepost/db";
import { z } from "zod";

export const envSchema = databaseEnv.extend({
  /** The API's signing secret (download links are signed with it). */
  SIGNING_SECRET: z.string().min(32, "at least 32 characters"),
  /** Milliseconds an import works before it queues itself to go on (tests lower it). */
  IMPORT_BUDGET_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
});
