import { idSchema, pipelineChecks } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";

export const pipelineCheckId = idSchema("chk");

/** Reads one check of the caller's account; another account's id is simply not found. */
export async function getPipelineCheck({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "pipeline_checks:read");
  const id = pipelineCheckId.parse(input.id);
  const [row] = await ctx.db
    .select({
      id: pipelineChecks.id,
      status: pipelineChecks.status,
      deliveredAt: pipelineChecks.deliveredAt,
      createdAt: pipelineChecks.createdAt,
    })
    .from(pipelineChecks)
    .where(and(eq(pipelineChecks.accountId, ctx.principal.accountId), eq(pipelineChecks.id, id)))
    .limit(1);
  if (!row) throw new NotFound("pipeline check");
  return row;
}
