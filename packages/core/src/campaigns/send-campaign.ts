import { campaigns, contacts } from "@edgepost/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntryIfChanged } from "../audit/audit-entry";
import { grantMonthlyAllowance } from "../credits/monthly-allowance";
import { walletBalance } from "../credits/wallet-balance";
import { DomainError, InvalidFields } from "../errors";
import type { CampaignCtx } from "./campaign-ctx";
import { findCampaign } from "./campaign-fields";
import { prepareSend } from "./prepare-send";

/** Campaigns that can start: nothing has gone out from them yet. */
const STARTABLE = ["draft", "scheduled"] as const;

/**
 * Starts sending a draft or scheduled campaign now. Checks it can go out (every problem by its
 * field), counts its audience and refuses with 402 and the shortfall if the email wallet cannot pay
 * one credit per recipient; then fixes its content (a template's as it is now), marks it `sending`
 * and queues its fan-out, which writes the recipients and takes their credits chunk by chunk.
 */
export async function sendCampaign({ ctx, input }: { ctx: CampaignCtx; input: { id: string } }) {
  assertPermission(ctx, "campaigns:manage");
  assertCanWrite(ctx);
  const campaign = await findCampaign(ctx, input.id);
  if (!(STARTABLE as readonly string[]).includes(campaign.status)) throw notStartable(campaign.status);
  const { content, audience } = await prepareSend(ctx, campaign);
  const accountId = ctx.principal.accountId;
  // This month's free allowance is the wallet's before it is checked, as for a transactional send.
  await grantMonthlyAllowance(ctx, accountId, ctx.now());
  const [[counted], balance] = await Promise.all([
    ctx.db.select({ n: sql<number>`count(*)` }).from(contacts).where(audience),
    walletBalance(ctx, accountId, "email"),
  ]);
  const recipients = counted?.n ?? 0;
  if (recipients === 0) {
    throw new InvalidFields([{ path: "audience", message: "has no subscribed contact to send to" }]);
  }
  if (recipients > balance) {
    throw new DomainError(
      "insufficient_credits",
      `This campaign goes to ${recipients} contacts and needs as many email credits; the email wallet holds ${balance}. Nothing was sent.`,
      undefined,
      undefined,
      recipients - balance,
    );
  }
  const now = ctx.now();
  const [started] = await ctx.db.batch([
    ctx.db
      .update(campaigns)
      .set({
        status: "sending",
        subject: content.subject,
        html: content.html,
        text: content.text,
        links: content.links,
        audienceSize: recipients,
        cursor: null,
        queuedCursor: null,
        recipientsWritten: 0,
        fannedOut: false,
        pausedReason: null,
        startedAt: now,
        updatedAt: now,
      })
      .where(
        and(
          eq(campaigns.accountId, accountId),
          eq(campaigns.id, campaign.id),
          inArray(campaigns.status, [...STARTABLE]),
        ),
      )
      .returning({ id: campaigns.id }),
    auditEntryIfChanged(ctx, "campaign.started", campaign.id),
  ]);
  if (started.length === 0) throw notStartable("sending");
  // If this send is lost, the outbox sweep queues the fan-out of a campaign that made no progress.
  await ctx.transfers.send({ kind: "campaign_fan_out", accountId, campaignId: campaign.id });
  return { id: campaign.id, status: "sending" as const, audienceSize: recipients, startedAt: now };
}

const notStartable = (status: string) =>
  new DomainError("conflict", `The campaign is ${status}: only a draft or scheduled campaign can start.`);
