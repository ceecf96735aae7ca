import { contacts } from "@edgepost/db";
import { sql } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { grantMonthlyAllowance } from "../credits/monthly-allowance";
import { walletBalance } from "../credits/wallet-balance";
import { audienceCondition } from "./audience";
import { findCampaign } from "./campaign-fields";

/**
 * How many contacts the campaign would reach if it started now, each once, and whether the email
 * wallet could pay for them (one credit a recipient): what the editor shows before sending.
 */
export async function countAudience({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "campaigns:read");
  const campaign = await findCampaign(ctx, input.id);
  const where = await audienceCondition(ctx, campaign.audience);
  // The wallet as a send would find it: with this month's allowance.
  await grantMonthlyAllowance(ctx, ctx.principal.accountId, ctx.now());
  const [[counted], balance] = await Promise.all([
    ctx.db.select({ n: sql<number>`count(*)` }).from(contacts).where(where),
    walletBalance(ctx, ctx.principal.accountId, "email"),
  ]);
  const recipients = counted?.n ?? 0;
  return { recipients, emailCredits: balance, shortfall: Math.max(0, recipients - balance) };
}
