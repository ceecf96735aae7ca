import { campaigns } from "@edgepost/db";
import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import type { JobInput, JobResult } from "../jobs/job";
import { log } from "../logging/log";
import type { TransferQueue } from "../transfers/file-store";
import { platformFor } from "./campaign-ctx";
import { sendCampaign } from "./send-campaign";

/** How late a scheduled campaign may still start; later, it waits for its owner (listmonk #1801). */
const START_WINDOW_MS = 24 * 3600_000;
const BATCH = 20;

/**
 * Starts the scheduled campaigns whose time has come, each as its owner's "send now" would (checks,
 * count, credits). One that cannot start (no credits, a deleted list) or whose time is more than
 * the start window past (the platform was down, or restored from an old snapshot) goes back to
 * draft with the reason, instead of going out late or failing silently.
 */
export async function startScheduledCampaigns({
  ctx,
}: {
  ctx: Ctx & { transfers: TransferQueue };
  input: JobInput;
}): Promise<JobResult> {
  const now = ctx.now();
  const due = await ctx.db
    .select({ id: campaigns.id, accountId: campaigns.accountId, scheduledAt: campaigns.scheduledAt })
    .from(campaigns)
    .where(and(eq(campaigns.status, "scheduled"), lte(campaigns.scheduledAt, now)))
    .orderBy(asc(campaigns.scheduledAt))
    .limit(BATCH);
  let started = 0;
  for (const campaign of due) {
    const late = now.getTime() - (campaign.scheduledAt?.getTime() ?? 0) > START_WINDOW_MS;
    let reason: string | undefined;
    if (late) {
      reason = `it could not start within 24 hours of its time (${campaign.scheduledAt?.toISOString()}): send or schedule it again`;
    } else {
      try {
        await sendCampaign({
          ctx: { ...platformFor(ctx, campaign.accountId), transfers: ctx.transfers },
          input: campaign,
        });
        started += 1;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        reason = `it could not start at its time: ${error.message}`;
      }
    }
    if (reason) {
      await ctx.db
        .update(campaigns)
        .set({ status: "draft", pausedReason: reason.slice(0, 1000), updatedAt: now })
        .where(and(eq(campaigns.id, campaign.id), eq(campaigns.status, "scheduled")));
      log("warn", "scheduled campaign not started", { campaignId: campaign.id, reason });
    }
  }
  return {
    examined: due.length,
    changed: due.length,
    cursor: null,
    done: due.length < BATCH,
    detail: { started },
  };
}

/** A sending campaign untouched this long lost its fan-out message (the queue refused it, or its retries ran out). */
const STALLED_AFTER_MS = 30 * 60_000;

/**
 * Puts the fan-out of sending campaigns that stopped moving back on the transfers queue: it goes
 * on writing from its cursor and queues again what was written but not queued.
 */
export async function requeueStalledCampaigns({
  ctx,
}: {
  ctx: Ctx & { transfers: TransferQueue };
  input: JobInput;
}): Promise<JobResult> {
  const now = ctx.now();
  const stalled = await ctx.db
    .update(campaigns)
    .set({ updatedAt: now })
    .where(
      and(
        eq(campaigns.status, "sending"),
        lte(campaigns.updatedAt, new Date(now.getTime() - STALLED_AFTER_MS)),
        sql`(${campaigns.fannedOut} = 0 or coalesce(${campaigns.queuedCursor}, '') < coalesce(${campaigns.cursor}, ''))`,
      ),
    )
    .returning({ id: campaigns.id, accountId: campaigns.accountId });
  for (const row of stalled) {
    await ctx.transfers.send({ kind: "campaign_fan_out", accountId: row.accountId, campaignId: row.id });
  }
  return { examined: stalled.length, changed: stalled.length, cursor: null, done: true, detail: {} };
}
