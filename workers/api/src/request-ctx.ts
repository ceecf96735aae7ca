import { type Ctx, createCtx } from "@edgepost/core";
import type { Context } from "hono";
import type { AppEnv } from "./env";

/**
 * The verb context of this request, made once: the database client (and drizzle's caches) are
 * shared by the authentication middleware and the route. Never shared between requests.
 */
export function requestCtx(c: Context<AppEnv>): Ctx {
  let ctx = c.get("ctx");
  if (!ctx) {
    ctx = createCtx(c.env, c.executionCtx);
    c.set("ctx", ctx);
  }
  return ctx;
}
