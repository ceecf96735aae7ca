import { sql } from "drizzle-orm";
import { cutoffs } from "../retention/retention-periods";
import { type Expiry, expireInPhases } from "./expire-rows";
import type { JobCtx, JobInput, JobResult } from "./job";

/** Bounce events of one kind, with the webhook deliveries owed for them. */
const bounceEvents = (type: "bounced" | "soft_bounced"): Expiry => ({
  table: sql`message_events`,
  time: sql`occurred_at`,
  key: sql`id`,
  account: sql`account_id`,
  where: sql`type = ${type}`,
  remove: (due) => [
    sql`delete from webhook_deliveries where event_id in ${due.keys}`,
    sql`delete from message_events where rowid in ${due.rowids}`,
  ],
});

/**
 * Hard-bounce records expire after a year (SPEC §H): the bounce events, and the suppressions they
 * made (the address may be mailed again; addresses get recycled).
 */
export async function expireHardBounces({
  ctx,
  input,
}: {
  ctx: JobCtx;
  input: JobInput;
}): Promise<JobResult> {
  const due = await cutoffs(ctx, "hard-bounces", ctx.now());
  const { longestWriteMs, ...result } = await expireInPhases(
    ctx,
    [
      { cutoffs: due, expiry: bounceEvents("bounced") },
      {
        cutoffs: due,
        expiry: {
          table: sql`suppressions`,
          time: sql`created_at`,
          key: sql`id`,
          account: sql`account_id`,
          where: sql`reason = 'hard_bounce'`,
          remove: (due) => [sql`delete from suppressions where rowid in ${due.rowids}`],
        },
      },
    ],
    input,
  );
  return { ...result, detail: { longestWriteMs: Math.round(longestWriteMs) } };
}

/** Soft-bounce records expire after six months (SPEC §H). */
export async function expireSoftBounces({
  ctx,
  input,
}: {
  ctx: JobCtx;
  input: JobInput;
}): Promise<JobResult> {
  const due = await cutoffs(ctx, "soft-bounces", ctx.now());
  const { longestWriteMs, ...result } = await expireInPhases(
    ctx,
    [{ cutoffs: due, expiry: bounceEvents("soft_bounced") }],
    input,
  );
  return { ...result, detail: { longestWriteMs: Math.round(longestWriteMs) } };
}
