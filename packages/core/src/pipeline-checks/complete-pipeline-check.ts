import type { DeliveryMessage } from "@edgepost/contracts";
import { pipelineChecks } from "@edgepost/db";
import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";

/**
 * The delivery worker's side of a check: marks it delivered. Redelivery of the same queue message
 * only counts the attempt; `deliveredAt` keeps the first delivery time.
 */
export async function completePipelineCheck({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: Pick<Extract<DeliveryMessage, { kind: "pipeline_check" }>, "accountId" | "checkId">;
}): Promise<{ found: boolean }> {
  const updated = await ctx.db
    .update(pipelineChecks)
    .set({
      status: "delivered",
      deliveredAt: sql`coalesce(${pipelineChecks.deliveredAt}, ${ctx.now().getTime()})`,
      attempts: sql`${pipelineChecks.attempts} + 1`,
    })
    .where(and(eq(pipelineChecks.accountId, input.accountId), eq(pipelineChecks.id, input.checkId)))
    .returning({ id: pipelineChecks.id });
  return { found: updated.length > 0 };
}
