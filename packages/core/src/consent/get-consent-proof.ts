import { accounts, consentEvents, contactImports, contacts, listMemberships, lists } from "@edgepost/db";
import { and, asc, eq, inArray } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";

/**
 * Everything that proves one contact's consent (SPEC §C, the 48-hour rule of §I): the contact, its
 * status on each list, and every ledger entry in the order it happened — how, from where, the exact
 * text shown and when it was confirmed. An erased contact still has its proof: the tombstones say
 * what happened and when, no longer to whom.
 */
export async function getConsentProof({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:read");
  const { accountId } = ctx.principal;
  const [account, found, memberships, entries, imports] = await ctx.db.batch([
    ctx.db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, accountId)),
    ctx.db
      .select({
        id: contacts.id,
        email: contacts.email,
        phone: contacts.phone,
        createdAt: contacts.createdAt,
      })
      .from(contacts)
      .where(and(eq(contacts.accountId, accountId), eq(contacts.id, input.id))),
    ctx.db
      .select({
        listId: listMemberships.listId,
        name: lists.name,
        doubleOptIn: lists.doubleOptIn,
        status: listMemberships.status,
        since: listMemberships.updatedAt,
      })
      .from(listMemberships)
      .innerJoin(lists, eq(lists.id, listMemberships.listId))
      .where(and(eq(listMemberships.accountId, accountId), eq(listMemberships.contactId, input.id)))
      .orderBy(asc(lists.name), asc(lists.id)),
    ctx.db
      .select({
        id: consentEvents.id,
        action: consentEvents.action,
        listId: consentEvents.listId,
        listName: lists.name,
        source: consentEvents.source,
        sourceRef: consentEvents.sourceRef,
        email: consentEvents.email,
        phone: consentEvents.phone,
        ip: consentEvents.ip,
        userAgent: consentEvents.userAgent,
        consentText: consentEvents.consentText,
        confirmedAt: consentEvents.confirmedAt,
        occurredAt: consentEvents.occurredAt,
      })
      .from(consentEvents)
      .leftJoin(lists, and(eq(lists.id, consentEvents.listId), eq(lists.accountId, accountId)))
      .where(and(eq(consentEvents.accountId, accountId), eq(consentEvents.contactId, input.id)))
      .orderBy(asc(consentEvents.occurredAt), asc(consentEvents.id)),
    // What the account declared about where the contacts of each import it came by consented.
    ctx.db
      .select({
        id: contactImports.id,
        fileName: contactImports.fileName,
        origin: contactImports.consentOrigin,
        description: contactImports.consentDescription,
        consentText: contactImports.consentText,
        declaredBy: contactImports.createdBy,
        declaredAt: contactImports.createdAt,
      })
      .from(contactImports)
      .where(
        and(
          eq(contactImports.accountId, accountId),
          inArray(
            contactImports.id,
            ctx.db
              .select({ id: consentEvents.sourceRef })
              .from(consentEvents)
              .where(
                and(
                  eq(consentEvents.accountId, accountId),
                  eq(consentEvents.contactId, input.id),
                  eq(consentEvents.source, "import"),
                ),
              ),
          ),
        ),
      )
      .orderBy(asc(contactImports.createdAt)),
  ]);
  const contact = found[0] ?? null;
  if (!contact && entries.length === 0) throw new NotFound("Contact");
  const erasure = contact ? undefined : entries.findLast((entry) => entry.action === "erased");
  return {
    format: "edgepost.consent-proof.v1" as const,
    generatedAt: ctx.now(),
    company: { name: account[0]?.name ?? "" },
    contactId: input.id,
    contact,
    /** When the contact was erased: its entries are tombstones since. */
    erasedAt: erasure?.occurredAt ?? null,
    lists: memberships.map(({ listId, ...rest }) => ({ id: listId, ...rest })),
    entries,
    /** The consent declarations of the imports that brought the contact. */
    imports,
  };
}

export type ConsentProof = Awaited<ReturnType<typeof getConsentProof>>;
