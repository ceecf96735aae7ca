import { newId, pipelineChecks } from "@edgepost/db";
import { eq } from "drizzle-orm";
import type { Ctx, DeliveryQueue, Principal } from "../context";
import { DomainError } from "../errors";

/**
 * Records a pipeline check and puts it on the delivery queue. If the queue refuses it, the row is
 * removed again, so a check is never left waiting for a message that does not exist.
 */
export async function startPipelineCheck({
  ctx,
  principal,
  queue,
}: {
  ctx: Ctx;
  principal: Principal;
  queue: DeliveryQueue;
}) {
  const id = newId("chk");
  const createdAt = ctx.now();
  await ctx.db.insert(pipelineChecks).values({ id, accountId: principal.accountId, createdAt });
  try {
    await queue.send({ kind: "pipeline_check", accountId: principal.accountId, checkId: id });
  } catch (cause) {
    await ctx.db.delete(pipelineChecks).where(eq(pipelineChecks.id, id));
    throw new DomainError("unavailable", `The delivery queue refused the message: ${String(cause)}`);
  }
  return { id, status: "queued" as const, deliveredAt: null, createdAt };
}
