import { databaseEnv } from "@edgepost/db";
import { z } from "zod";

export const envSchema = databaseEnv.extend({
  DELIVERY_QUEUE: z.custom<Queue>(
    (v) => typeof v === "object" && v !== null && "send" in v,
    "a Queue producer binding",
  ),
  TRANSFERS_QUEUE: z.custom<Queue>(
    (v) => typeof v === "object" && v !== null && "send" in v,
    "a Queue producer binding",
  ),
  FILES: z.custom<R2Bucket>(
    (v) => typeof v === "object" && v !== null && "createMultipartUpload" in v,
    "an R2 bucket binding",
  ),
});
