import { databaseEnv } from "@edgepost/db";

export const envSchema = databaseEnv;
