import { accounts, auditLog, newId } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import { DomainError, NotFound } from "../errors";

/** Moves an account from one status to the next and audits it, or says why it cannot. */
export async function transition(
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
