import { authTokens, sessions, users } from "@edgepost/db";
import { inArray, lte } from "drizzle-orm";
import type { Ctx } from "../context";
import type { JobResult } from "./job";

const result = (removed: number, done: boolean): JobResult => ({
  examined: removed,
  changed: removed,
  cursor: null,
  done,
  detail: { removed },
});

const CHUNK = 200;
const MAX_CHUNKS_PER_RUN = 20;

/**
 * Deleted users are removed at the end of the billing cycle they were deleted in (SPEC §A): their
 * sessions and links go with them. Idempotent and resumable.
 */
export async function removeDeletedUsers({ ctx }: { ctx: Ctx }): Promise<JobResult> {
  const now = ctx.now();
  let removed = 0;
  for (let chunk = 0; chunk < MAX_CHUNKS_PER_RUN; chunk++) {
    const due = (
      await ctx.db.select({ id: users.id }).from(users).where(lte(users.removeAt, now)).limit(CHUNK)
    ).map((u) => u.id);
    if (due.length === 0) return result(removed, true);
    await ctx.db.batch([
      ctx.db.delete(sessions).where(inArray(sessions.userId, due)),
      ctx.db.delete(authTokens).where(inArray(authTokens.userId, due)),
      ctx.db.delete(users).where(inArray(users.id, due)),
    ]);
    removed += due.length;
    if (due.length < CHUNK) return result(removed, true);
  }
  return result(removed, false);
}
