import { sessions } from "@edgepost/db";
import type { Ctx } from "../context";
import { sha256Hex } from "./sha256-hex";

/** A session lasts 30 days from the last time it was used. */
export const SESSION_TTL_MS = 30 * 86_400_000;
/** However much it is used, a session ends this long after sign-in. */
export const SESSION_MAX_AGE_MS = 90 * 86_400_000;
/** How often a session's expiry is pushed back: no write on every request. */
export const SESSION_TOUCH_MS = 3_600_000;

/** A new random session token (256 bits, base64url) and the statement that stores its hash. */
export async function newSession(
  ctx: Ctx,
  input: { userId: string; accountId: string; ip: string | undefined; userAgent: string | undefined },
) {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  const now = ctx.now();
  const insert = ctx.db.insert(sessions).values({
    id: await sha256Hex(token),
    userId: input.userId,
    accountId: input.accountId,
    ip: input.ip,
    userAgent: input.userAgent?.slice(0, 500),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  });
  return { token, expiresAt: new Date(now.getTime() + SESSION_TTL_MS), insert };
}
