import { type CAMPAIGN_STATUSES, campaigns } from "@edgepost/db";
import { and, eq, inArray } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntryIfChanged } from "../audit/audit-entry";
import { DomainError } from "../errors";
import type { CampaignCtx } from "./campaign-ctx";
import { campaignId } from "./campaign-fields";

type Status = (typeof CAMPAIGN_STATUSES)[number];

/** Each move a customer can make on a started campaign: from which states, to which. */
const MOVES = {
  pause: { from: ["sending"], to: "paused" },
  resume: { from: ["paused"], to: "sending" },
  cancel: { from: ["scheduled", "sending", "paused"], to: "cancelled" },
} as const satisfies Record<string, { from: readonly Status[]; to: Status }>;

export type CampaignMove = keyof typeof MOVES;

/**
 * Pauses, resumes or cancels a campaign with one guarded write. Pausing stops new claims at once
 * (a claim needs the campaign `sending`); resuming queues its pending recipients again, read from
 * their states, and goes on writing recipients where the fan-out stopped; cancelling stops it for
 * good, and the fan-out worker then cancels the recipients not sent and gives back their credits in
 * one ledger entry.
 */
export async function changeCampaignStatus({
  ctx,
  input,
}: {
  ctx: CampaignCtx;
  input: { id: string; move: CampaignMove };
}) {
  assertPermission(ctx, "campaigns:manage");
  assertCanWrite(ctx);
  const id = campaignId.parse(input.id);
  const move = MOVES[input.move];
  const accountId = ctx.principal.accountId;
  const now = ctx.now();
  const [changed] = await ctx.db.batch([
    ctx.db
      .update(campaigns)
      .set({
        status: move.to,
        pausedReason: null,
        updatedAt: now,
        // Resume: every pending recipient is queued again, from the first.
        ...(input.move === "resume" ? { queuedCursor: null } : {}),
        ...(input.move === "cancel" ? { finishedAt: now } : {}),
      })
      .where(
        and(
          eq(campaigns.accountId, accountId),
          eq(campaigns.id, id),
          inArray(campaigns.status, [...move.from]),
        ),
      )
      .returning({ id: campaigns.id, status: campaigns.status, startedAt: campaigns.startedAt }),
    auditEntryIfChanged(ctx, `campaign.${input.move === "cancel" ? "cancelled" : `${input.move}d`}`, id),
  ]);
  const [row] = changed;
  if (!row) {
    const [current] = await ctx.db
      .select({ status: campaigns.status })
      .from(campaigns)
      .where(and(eq(campaigns.accountId, accountId), eq(campaigns.id, id)));
    if (!current) throw new DomainError("not_found", "Campaign not found");
    throw new DomainError(
      "conflict",
      `The campaign is ${current.status}: it can be ${input.move === "cancel" ? "cancelled" : `${input.move}d`} only when ${move.from.join(" or ")}.`,
    );
  }
  // A started campaign's fan-out worker goes on (resume) or winds it up (cancel).
  if (input.move !== "pause" && row.startedAt) {
    await ctx.transfers.send({ kind: "campaign_fan_out", accountId, campaignId: id });
  }
  return { id, status: row.status };
}
