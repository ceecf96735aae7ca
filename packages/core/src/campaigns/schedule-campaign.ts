import { campaigns } from "@edgepost/db";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntryIfChanged } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { DomainError, InvalidFields } from "../errors";
import { findCampaign } from "./campaign-fields";
import { prepareSend } from "./prepare-send";

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const scheduleCampaignInput = z.strictObject({
  /** When to start: an instant with its offset (`2026-12-24T09:00:00+01:00`). */
  at: z.iso.datetime({ offset: true }),
  /** The IANA zone the customer chose the time in (`Europe/Zurich`), kept to show it back. */
  timeZone: z
    .string()
    .max(64)
    .refine(isTimeZone, { message: "is not an IANA time zone such as Europe/Zurich" }),
});

/**
 * Schedules a draft (or reschedules a scheduled) campaign to start at a time in the future. It is
 * checked as if it started now, so that its time does not come only to find it cannot go out; its
 * credits are checked when it starts.
 */
export async function scheduleCampaign({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string } & z.input<typeof scheduleCampaignInput>;
}) {
  assertPermission(ctx, "campaigns:manage");
  assertCanWrite(ctx);
  const { id, ...rest } = input;
  const data = scheduleCampaignInput.parse(rest);
  const at = new Date(data.at);
  const now = ctx.now();
  if (at.getTime() <= now.getTime()) throw new InvalidFields([{ path: "at", message: "is in the past" }]);
  const campaign = await findCampaign(ctx, id);
  if (campaign.status !== "draft" && campaign.status !== "scheduled") {
    throw new DomainError("conflict", `The campaign is ${campaign.status}: only a draft can be scheduled.`);
  }
  await prepareSend(ctx, campaign);
  const [written] = await ctx.db.batch([
    ctx.db
      .update(campaigns)
      .set({
        status: "scheduled",
        scheduledAt: at,
        timeZone: data.timeZone,
        pausedReason: null,
        updatedAt: now,
      })
      .where(
        and(
          eq(campaigns.accountId, ctx.principal.accountId),
          eq(campaigns.id, campaign.id),
          inArray(campaigns.status, ["draft", "scheduled"]),
        ),
      )
      .returning({ id: campaigns.id }),
    auditEntryIfChanged(ctx, "campaign.scheduled", campaign.id),
  ]);
  if (written.length === 0) throw new DomainError("conflict", "The campaign started meanwhile.");
  return {
    ...campaign,
    status: "scheduled" as const,
    scheduledAt: at,
    timeZone: data.timeZone,
    updatedAt: now,
  };
}
