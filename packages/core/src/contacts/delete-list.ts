import { listMemberships, lists, newId } from "@edgepost/db";
import { and, eq, sql } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { findList } from "./list-record";
import { sourceOf } from "./shared";

/**
 * Deletes a list and its memberships in one batch. Each contact still subscribed (or waiting for
 * confirmation) gets an `unsubscribed` entry in the consent ledger in that batch; the ledger keeps
 * every entry of the list.
 */
export async function deleteList({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const list = await findList(ctx, input.id);
  const { accountId } = ctx.principal;
  const { source, sourceRef } = sourceOf(ctx);
  const now = ctx.now().getTime();
  // Time-sortable ledger ids made in SQL, one per member: this instant's id prefix and 16 random hex digits.
  const idPrefix = newId("cns", now).slice(0, 14);
  await ctx.db.batch([
    ctx.db.run(sql`insert into consent_events
      (id, account_id, contact_id, list_id, action, source, source_ref, email, phone, occurred_at)
      select ${idPrefix} || lower(hex(randomblob(8))), m.account_id, m.contact_id, m.list_id, 'unsubscribed',
        ${source}, ${sourceRef}, c.email, c.phone, ${now}
      from list_memberships m join contacts c on c.id = m.contact_id and c.account_id = m.account_id
      where m.account_id = ${accountId} and m.list_id = ${list.id} and m.status in ('subscribed', 'unconfirmed')`),
    ctx.db
      .delete(listMemberships)
      .where(and(eq(listMemberships.accountId, accountId), eq(listMemberships.listId, list.id))),
    ctx.db.delete(lists).where(and(eq(lists.accountId, accountId), eq(lists.id, list.id))),
    auditEntry(ctx, "list.deleted", list.id),
  ]);
}
