import { databaseEnv } from "@edgepost/db";
import { queueBinding, r2BucketBinding } from "@edgepost/http";

export const envSchema = databaseEnv.extend({
  DELIVERY_QUEUE: queueBinding,
  TRANSFERS_QUEUE: queueBinding,
  FILES: r2BucketBinding,
});
