import { auditLog, newId, suppressions } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx } from "../context";

export const addSuppressionInput = z.strictObject({
  email: z.email().max(254),
  reason: z.enum(["hard_bounce", "complaint", "unsubscribe", "manual"]).default("manual"),
});

/** Adds an address to the account's suppression list; adding one already there returns it unchanged. */
export async function addSuppression({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof addSuppressionInput>;
}) {
  assertPermission(ctx, "suppressions:manage");
  assertCanWrite(ctx);
  const data = addSuppressionInput.parse(input);
  const { accountId, actor } = ctx.principal;
  const email = data.email.toLowerCase();
  const now = ctx.now();
  const [created] = await ctx.db
    .insert(suppressions)
    .values({ id: newId("sup"), accountId, email, reason: data.reason, source: actor, createdAt: now })
    .onConflictDoNothing()
    .returning();
  if (created) {
    await ctx.db.insert(auditLog).values({
      id: newId("aud"),
      accountId,
      actor,
      action: "suppression.added",
      target: created.id,
      createdAt: now,
    });
    return { suppression: created, created: true };
  }
  const [existing] = await ctx.db
    .select()
    .from(suppressions)
    .where(and(eq(suppressions.accountId, accountId), eq(suppressions.email, email)));
  if (!existing) throw new Error("suppression vanished while being added");
  return { suppression: existing, created: false };
}
