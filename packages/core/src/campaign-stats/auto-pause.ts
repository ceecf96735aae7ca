import { messages } from "@edgepost/db";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx, DeliveryQueue } from "../context";
import { enqueue } from "../delivery/enqueue";
import { systemEmail } from "../delivery/system-email";
import { autoPauseEmail } from "./auto-pause-email";

/** Rates (0–1) of the deliveries above which a sending campaign pauses itself (SPEC §G). */
export interface AutoPauseThresholds {
  hardBounceRate: number;
  complaintRate: number;
}

/** Rates are judged only once this many of a campaign's messages were delivered. */
const MIN_DELIVERED = 1000;

const rate = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

/**
 * The operator's thresholds, as a worker that records provider events reads them from its bindings:
 * 5 % hard bounces and 0.3 % complaints (Gmail's bulk-sender limit) unless configured otherwise.
 */
export const autoPauseEnv = z.object({
  AUTO_PAUSE_HARD_BOUNCE_RATE: rate(0.05),
  AUTO_PAUSE_COMPLAINT_RATE: rate(0.003),
});

export function autoPauseFrom(env: z.output<typeof autoPauseEnv>): AutoPauseThresholds {
  return { hardBounceRate: env.AUTO_PAUSE_HARD_BOUNCE_RATE, complaintRate: env.AUTO_PAUSE_COMPLAINT_RATE };
}

const DEFAULTS = autoPauseFrom(autoPauseEnv.parse({}));

const percent = (r: number) => `${Number((r * 100).toPrecision(6))}`;

export interface PausedCampaign {
  id: string;
  account_id: string;
  name: string;
  paused_reason: string;
  owner: string | null;
}

/**
 * The statement to put in a batch after the rollups of these campaigns changed: each one still
 * `sending` with at least 1,000 deliveries whose hard bounces or complaints (over all its days) pass
 * their limit is paused, saying which and with what figures, only if it is still sending then.
 * Answers the campaigns it paused, with their owner's address.
 */
export function autoPauseStatement(
  ctx: Ctx,
  campaigns: readonly { accountId: string; campaignId: string }[],
  limits: AutoPauseThresholds = DEFAULTS,
) {
  const keys = sql.join(
    campaigns.map((c) => sql`(${c.accountId}, ${c.campaignId})`),
    sql`, `,
  );
  const bounced = sql`t.bounces > ${limits.hardBounceRate} * t.delivered`;
  const complained = sql`t.complaints > ${limits.complaintRate} * t.delivered`;
  const figures = (what: string, count: string, limit: number) =>
    sql.raw(
      `printf('${what} %.2f %% (%d of %d delivered) over the ${percent(limit)} %% limit', 100.0 * ${count} / t.delivered, ${count}, t.delivered)`,
    );
  return ctx.db.all<PausedCampaign>(sql`
    with k(account_id, campaign_id) as (values ${keys}),
    t as (
      select d.campaign_id, sum(d.delivered) as delivered, sum(d.hard_bounces) as bounces,
             sum(d.complaints) as complaints
      from k join daily_stats as d on d.account_id = k.account_id and d.campaign_id = k.campaign_id
      group by d.campaign_id)
    update campaigns set
      status = 'paused',
      updated_at = ${ctx.now().getTime()},
      paused_reason = 'Paused automatically: ' ||
        case when ${bounced} then ${figures("hard bounces", "t.bounces", limits.hardBounceRate)} else '' end ||
        case when ${bounced} and ${complained} then '; ' else '' end ||
        case when ${complained} then ${figures("complaints", "t.complaints", limits.complaintRate)} else '' end
    from t
    where campaigns.id = t.campaign_id and campaigns.status = 'sending' and t.delivered >= ${MIN_DELIVERED}
      and (${bounced} or ${complained})
    returning id, account_id, name, paused_reason,
      (select u.email from users as u where u.account_id = campaigns.account_id and u.role = 'owner' limit 1) as owner`);
}

/** Emails the owner of each campaign just paused, and queues those emails. */
export async function notifyPaused(
  ctx: Ctx & { delivery: DeliveryQueue },
  paused: readonly PausedCampaign[],
): Promise<void> {
  const notices = paused.flatMap((c) =>
    c.owner
      ? [
          systemEmail(ctx.now(), {
            accountId: c.account_id,
            to: c.owner,
            content: autoPauseEmail({ campaignName: c.name, reason: c.paused_reason }),
          }),
        ]
      : [],
  );
  if (notices.length === 0) return;
  await ctx.db.insert(messages).values(notices.map((n) => n.values));
  await enqueue(
    ctx.delivery,
    notices.map((n) => n.queued),
  );
}
