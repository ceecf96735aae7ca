import type { AuthCtx } from "@edgepost/core";
import type { Context } from "hono";
import type { AppEnv } from "./env";
import { requestCtx } from "./request-ctx";

/** The verb context of the sign-up, sign-in and link routes. Links point back at this API's origin. */
export function authCtx(c: Context<AppEnv>): AuthCtx {
  return {
    ...requestCtx(c),
    delivery: c.env.DELIVERY_QUEUE,
    signingSecret: c.env.SIGNING_SECRET,
    linkBase: new URL(c.req.url).origin,
    ip: c.req.header("cf-connecting-ip"),
    userAgent: c.req.header("user-agent"),
  };
}
