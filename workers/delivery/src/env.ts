import { databaseEnv } from "@edgepost/db";
import type { z } from "zod";

export const envSchema = databaseEnv;
export type Env = z.infer<typeof envSchema>;
