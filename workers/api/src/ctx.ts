import type { Ctx } from "@edgepost/core";
import { createDb } from "@edgepost/db";
import type { Env } from "./env";

export function ctxFrom(env: Env): Ctx {
  return { db: createDb({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN }), now: () => new Date() };
}
