import { pipelineChecks } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import type { Ctx, Principal } from "../context";
import { NotFound } from "../errors";

/** Reads one check of the caller's account; another account's id is simply not found. */
export async function getPipelineCheck({
  ctx,
  principal,
  input,
}: {
  ctx: Ctx;
  principal: Principal;
  input: { id: string };
}) {
  const [row] = await ctx.db
    .select({
      id: pipelineChecks.id,
      status: pipelineChecks.status,
      deliveredAt: pipelineChecks.deliveredAt,
      createdAt: pipelineChecks.createdAt,
    })
    .from(pipelineChecks)
    .where(and(eq(pipelineChecks.accountId, principal.accountId), eq(pipelineChecks.id, input.id)))
    .limit(1);
  if (!row) throw new NotFound("pipeline check");
  return row;
}
