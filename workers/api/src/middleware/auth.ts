import { createCtx, DomainError, verifyApiKey } from "@edgepost/core";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

/** `Authorization: Bearer ep_live_…` resolves the calling account for every `/v1` operation. */
export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
  if (!match?.[1])
    throw new DomainError("unauthorized", "Send your API key as `Authorization: Bearer <key>`.");
  const ctx = createCtx(c.env, c.executionCtx);
  c.set("principal", await verifyApiKey({ ctx, input: { key: match[1] } }));
  await next();
});
