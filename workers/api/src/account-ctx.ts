import type { AccountCtx } from "@edgepost/core";
import type { Context } from "hono";
import type { AppEnv } from "./env";
import { requestCtx } from "./request-ctx";

/** The verb context of an authenticated request: the caller's account and the request's lifetime. */
export function accountCtx(c: Context<AppEnv>): AccountCtx {
  return { ...requestCtx(c), principal: c.get("principal") };
}
