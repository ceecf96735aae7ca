import { databaseEnv } from "@edgepost/db";
import { queueBinding, r2BucketBinding, secret } from "@edgepost/http";
import { z } from "zod";

export const envSchema = databaseEnv.extend({
  /** Where imports read and exports write their files. */
  FILES: r2BucketBinding,
  /** Where an import that used its time budget queues itself again. */
  TRANSFERS_QUEUE: queueBinding,
  /** Where a campaign's fan-out queues its recipients for sending. */
  DELIVERY_QUEUE: queueBinding,
  /** The API's signing secret (download links are signed with it). */
  SIGNING_SECRET: secret({ minLength: 32 }),
  /** Milliseconds an import works before it queues itself to go on (tests lower it). */
  IMPORT_BUDGET_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
});
