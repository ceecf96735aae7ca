import { accounts, auditLog, newId } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { DomainError, NotFound } from "../errors";

export const suspendAccountInput = z.object({
  accountId: z.string().startsWith("acc_"),
  /** Suspension is allowed with or without cause (SPEC §A); a reason is recorded when given. */
  reason: z.string().trim().max(1000).optional(),
});

/** The operator suspends an active account: sending and API writes stop, reads go on. */
export async function suspendAccount({
  ctx,
  input,
}: {
  ctx: Ctx & { operator: string };
  input: z.input<typeof suspendAccountInput>;
}) {
  const data = suspendAccountInput.parse(input);
  const now = ctx.now();
  return transition(ctx, data.accountId, "active", {
    status: "suspended",
    suspendedAt: now,
    suspensionReason: data.reason ?? null,
  });
}

/** The operator lifts a suspension. */
export async function reactivateAccount({
  ctx,
  input,
}: {
  ctx: Ctx & { operator: string };
  input: { accountId: string };
}) {
  const { accountId } = suspendAccountInput.pick({ accountId: true }).parse(input);
  return transition(ctx, accountId, "suspended", {
    status: "active",
    suspendedAt: null,
    suspensionReason: null,
  });
}

async function transition(
  ctx: Ctx & { operator: string },
  accountId: string,
  from: "active" | "suspended",
  set: Partial<typeof accounts.$inferInsert> & { status: "active" | "suspended" },
) {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(accounts)
      .set({ ...set, updatedAt: now })
      .where(and(eq(accounts.id, accountId), eq(accounts.status, from)))
      .returning({ id: accounts.id });
    if (!row) {
      const [exists] = await tx
        .select({ status: accounts.status })
        .from(accounts)
        .where(eq(accounts.id, accountId));
      if (!exists) throw new NotFound("account");
      throw new DomainError("conflict", `The account is ${exists.status}, not ${from}.`);
    }
    await tx.insert(auditLog).values({
      id: newId("aud"),
      accountId,
      actor: ctx.operator,
      action: set.status === "suspended" ? "account.suspended" : "account.reactivated",
      target: accountId,
      createdAt: now,
    });
    return { id: row.id, status: set.status };
  });
}
