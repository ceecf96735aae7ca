import { newId, pipelineChecks } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx, DeliveryQueue } from "../context";
import { DomainError } from "../errors";
import { log } from "../logging/log";

/**
 * Records a pipeline check and puts it on the delivery queue. If the queue refuses it, the row is
 * removed again, so a check is never left waiting for a message that does not exist.
 */
export async function startPipelineCheck({ ctx }: { ctx: AccountCtx & { delivery: DeliveryQueue } }) {
  assertPermission(ctx, "pipeline_checks:write");
  assertCanWrite(ctx);
  const { accountId } = ctx.principal;
  const id = newId("chk");
  const createdAt = ctx.now();
  await ctx.db.insert(pipelineChecks).values({ id, accountId, createdAt });
  try {
    await ctx.delivery.send({ kind: "pipeline_check", accountId, checkId: id });
  } catch (cause) {
    await ctx.db.delete(pipelineChecks).where(eq(pipelineChecks.id, id));
    log("error", "delivery queue refused a message", { error: String(cause) });
    throw new DomainError(
      "unavailable",
      "The delivery queue is not accepting messages right now; try again.",
    );
  }
  return { id, status: "queued" as const, deliveredAt: null, createdAt };
}
