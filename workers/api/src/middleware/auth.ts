import { authenticateSession, DomainError, verifyApiKey } from "@edgepost/core";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { requestCtx } from "../contexts";
import type { AppEnv } from "../env";
import { readSessionCookie, writeSessionCookie } from "../session-cookie";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A cookie-authenticated change must prove it comes from this origin (browsers send `Origin` with
 * every POST, PATCH and DELETE, and `Sec-Fetch-Site`): SameSite=Lax alone is not trusted.
 */
function fromOwnPages(c: Context<AppEnv>): boolean {
  const origin = c.req.header("origin");
  if (origin !== undefined) return origin === new URL(c.env.PUBLIC_API_URL).origin;
  return c.req.header("sec-fetch-site") === "same-origin";
}

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
  if (!SAFE_METHODS.has(c.req.method) && !fromOwnPages(c)) {
    throw new DomainError(
      "forbidden",
      "A change made with the session cookie must come from Edgepost's own pages.",
    );
  }
  const { renewedUntil, ...principal } = await authenticateSession({ ctx, input: { token: session } });
  c.set("principal", principal);
  if (renewedUntil) writeSessionCookie(c, session, renewedUntil);
  return next();
});
