import { accounts, type Database, invitations, users } from "@edgepost/db";
import { and, count, eq, gt, isNull, or } from "drizzle-orm";
import { DomainError } from "../errors";
import { seatLimit } from "../plans/plans";

/**
 * Refuses when the account has no free seat: users (a deleted user keeps a seat until removed) and
 * pending invitations count against the plan's seats plus those bought. Run it in the write
 * transaction that takes the seat, so two requests cannot both take the last one.
 */
export async function assertSeatFree(
  db: Pick<Database, "select">,
  { accountId, now, forInvitation }: { accountId: string; now: Date; forInvitation: boolean },
) {
  const [account] = await db
    .select({ plan: accounts.plan, extraSeats: accounts.extraSeats })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  const [members] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.accountId, accountId), or(isNull(users.removeAt), gt(users.removeAt, now))));
  const [pending] = await db
    .select({ n: count() })
    .from(invitations)
    .where(
      and(
        eq(invitations.accountId, accountId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    );
  if (!account) throw new DomainError("not_found", "account not found");
  // Accepting an invitation turns its own pending seat into a member's.
  const taken = (members?.n ?? 0) + (pending?.n ?? 0) - (forInvitation ? 0 : 1);
  if (taken >= seatLimit(account)) {
    throw new DomainError(
      "conflict",
      `All ${seatLimit(account)} seats are taken; buy more seats or remove a user.`,
    );
  }
}
