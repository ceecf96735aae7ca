import { type ListStatus, listMemberships } from "@edgepost/db";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";
import { findContact } from "./contact-record";
import { findList } from "./list-record";
import { type ConsentLedgerEntry, ledgerEntryIfChanged } from "./shared";

/** Where the request came from, when the body doesn't say: the API route fills it in. */
export const requestOrigin = z.strictObject({
  ip: z.string().trim().min(1).max(64).optional(),
  userAgent: z.string().max(1000).optional(),
});

const membershipColumns = {
  listId: listMemberships.listId,
  contactId: listMemberships.contactId,
  status: listMemberships.status,
  createdAt: listMemberships.createdAt,
  updatedAt: listMemberships.updatedAt,
};

/** The list and the contact, both of the caller's account (or `not_found`), and the membership if any. */
export async function findMembership(ctx: AccountCtx, input: { listId: string; contactId: string }) {
  const list = await findList(ctx, input.listId);
  const contact = await findContact(ctx, input.contactId);
  const membership = await readMembership(ctx, list.id, contact.id);
  return { list, contact, membership };
}

async function readMembership(ctx: AccountCtx, listId: string, contactId: string) {
  const [membership] = await ctx.db
    .select(membershipColumns)
    .from(listMemberships)
    .where(
      and(
        eq(listMemberships.accountId, ctx.principal.accountId),
        eq(listMemberships.listId, listId),
        eq(listMemberships.contactId, contactId),
      ),
    );
  return membership;
}

export async function mustReadMembership(ctx: AccountCtx, listId: string, contactId: string) {
  const membership = await readMembership(ctx, listId, contactId);
  if (!membership) throw new NotFound("Membership");
  return membership;
}

/**
 * Moves a membership from one of `from` to `to`, with its consent-ledger entry in the same batch,
 * written only if the move happened (a concurrent change wins, and then no entry is written).
 */
export async function moveMembership(
  ctx: AccountCtx,
  move: {
    list: { id: string };
    contact: { id: string; email: string | null; phone: string | null };
    from: ListStatus[];
    to: ListStatus;
    entry: Pick<ConsentLedgerEntry, "action" | "ip" | "userAgent" | "confirmedAt">;
  },
) {
  const { list, contact } = move;
  const now = ctx.now();
  const [, entry] = await ctx.db.batch([
    ctx.db
      .update(listMemberships)
      .set({ status: move.to, updatedAt: now })
      .where(
        and(
          eq(listMemberships.accountId, ctx.principal.accountId),
          eq(listMemberships.listId, list.id),
          eq(listMemberships.contactId, contact.id),
          inArray(listMemberships.status, move.from),
        ),
      ),
    ledgerEntryIfChanged(ctx, {
      ...move.entry,
      contactId: contact.id,
      listId: list.id,
      email: contact.email,
      phone: contact.phone,
    }),
  ]);
  return { membership: await mustReadMembership(ctx, list.id, contact.id), changed: entry.rowsAffected > 0 };
}
