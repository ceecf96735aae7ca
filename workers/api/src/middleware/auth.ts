import { authenticateSession, DomainError, verifyApiKey } from "@edgepost/core";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { requestCtx } from "../request-ctx";
import { readSessionCookie, writeSessionCookie } from "../session-cookie";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Resolves the caller of a `/v1` operation: an API key (`Authorization: Bearer ep_live_…`) or a
 * signed-in browser's session cookie. A cookie-authenticated change must come from this origin.
 */
export const requireCaller = createMiddleware<AppEnv>(async (c, next) => {
  const ctx = requestCtx(c);
  const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (bearer) {
    c.set("principal", await verifyApiKey({ ctx, input: { key: bearer } }));
    return next();
  }
  const session = readSessionCookie(c);
  if (!session) {
    throw new DomainError("unauthorized", "Send an API key as `Authorization: Bearer <key>`, or sign in.");
  }
  const origin = c.req.header("origin");
  if (!SAFE_METHODS.has(c.req.method) && origin !== undefined && origin !== new URL(c.req.url).origin) {
    throw new DomainError("forbidden", "Cross-site requests cannot use the session cookie.");
  }
  const { renewedUntil, ...principal } = await authenticateSession({ ctx, input: { token: session } });
  c.set("principal", principal);
  if (renewedUntil) writeSessionCookie(c, session, renewedUntil);
  return next();
});
