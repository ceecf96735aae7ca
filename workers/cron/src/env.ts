import { databaseEnv } from "@edgepost/db";
import { z } from "zod";

export const envSchema = databaseEnv.extend({
  DELIVERY_QUEUE: z.custom<Queue>(
    (v) => typeof v === "object" && v !== null && "send" in v,
    "a Queue producer binding",
  ),
});
