import { type AccountCtx, createCtx } from "@edgepost/core";
import type { Context } from "hono";
import type { AppEnv } from "./env";

/** The verb context of an authenticated request: the caller's account and the request's lifetime. */
export function accountCtx(c: Context<AppEnv>): AccountCtx {
  return { ...createCtx(c.env, c.executionCtx), principal: c.get("principal") };
}
