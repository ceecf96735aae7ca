import { sql } from "drizzle-orm";
import { cutoffs } from "../retention/retention-periods";
import { expireInPhases } from "./expire-rows";
import type { JobCtx, JobInput, JobResult } from "./job";

/**
 * Campaign statistics expire after 5 years (SPEC §H): messages, with their events, attachments and
 * the webhook deliveries of those events; then templates neither changed nor used in that time.
 */
export async function expireStatistics({ ctx, input }: { ctx: JobCtx; input: JobInput }): Promise<JobResult> {
  const due = await cutoffs(ctx, "campaign-statistics", ctx.now());
  const { longestWriteMs, ...result } = await expireInPhases(
    ctx,
    [
      {
        cutoffs: due,
        expiry: {
          table: sql`messages`,
          time: sql`created_at`,
          key: sql`id`,
          account: sql`account_id`,
          remove: (due) => [
            sql`delete from webhook_deliveries where event_id in (select id from message_events where message_id in ${due.keys})`,
            sql`delete from message_events where message_id in ${due.keys}`,
            sql`delete from message_attachments where message_id in ${due.keys}`,
            sql`delete from messages where rowid in ${due.rowids}`,
          ],
        },
      },
      {
        cutoffs: due,
        expiry: {
          table: sql`email_templates`,
          time: sql`updated_at`,
          key: sql`id`,
          account: sql`account_id`,
          // Used in the period: a message made from it is still kept.
          where: sql`not exists (select 1 from messages m where m.template_id = email_templates.id)`,
          remove: (due) => [sql`delete from email_templates where rowid in ${due.rowids}`],
        },
      },
    ],
    input,
  );
  return { ...result, detail: { longestWriteMs: Math.round(longestWriteMs) } };
}
