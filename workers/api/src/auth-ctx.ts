import type { AuthCtx } from "@edgepost/core";
import type { Context } from "hono";
import type { AppEnv } from "./env";
import { requestCtx } from "./request-ctx";

/** The verb context of the sign-up, sign-in and link routes. Links in emails point at the configured public URL, never at a Host header. */
export function authCtx(c: Context<AppEnv>): AuthCtx {
  return {
    ...requestCtx(c),
    delivery: c.env.DELIVERY_QUEUE,
    signingSecret: c.env.SIGNING_SECRET,
    linkBase: c.env.PUBLIC_API_URL,
    ip: c.req.header("cf-connecting-ip"),
    userAgent: c.req.header("user-agent"),
  };
}
