import { type Database, users } from "@edgepost/db";
import { and, eq, sql } from "drizzle-orm";
import { DomainError } from "../errors";

/** A login email matches whatever its case: the condition every lookup by email uses. */
export function emailIs(email: string) {
  return sql`lower(${users.email}) = lower(${email})`;
}

/** Where notices about an account go (changes, deletions, closing): its owner's address. */
export async function ownerEmail(db: Pick<Database, "select">, accountId: string): Promise<string> {
  const [owner] = await db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.accountId, accountId), eq(users.role, "owner")))
    .limit(1);
  if (!owner) throw new DomainError("conflict", "The account has no owner.");
  return owner.email;
}
