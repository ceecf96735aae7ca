import { type ListStatus, listMemberships, lists } from "@edgepost/db";
import { and, asc, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import type { LinkRecipient } from "./find-recipient";

export interface ListPreference {
  id: string;
  name: string;
  /** The contact's status on it; undefined when it was never on it. */
  status: ListStatus | undefined;
  /** Subscribed or waiting for confirmation: it can be unticked. */
  subscribed: boolean;
}

/**
 * The account's lists by name, each with the contact's status on it, for the preference centre.
 * Nothing for a closed account: its data is never shown again.
 */
export async function listPreferences({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { recipient: LinkRecipient };
}): Promise<ListPreference[]> {
  const { recipient } = input;
  if (recipient.accountName === undefined) return [];
  const rows = await ctx.db
    .select({ id: lists.id, name: lists.name, status: listMemberships.status })
    .from(lists)
    .leftJoin(
      listMemberships,
      and(
        eq(listMemberships.accountId, lists.accountId),
        eq(listMemberships.listId, lists.id),
        eq(listMemberships.contactId, recipient.contact.id),
      ),
    )
    .where(eq(lists.accountId, recipient.accountId))
    .orderBy(asc(lists.name), asc(lists.id));
  return rows.map(({ id, name, status }) => ({
    id,
    name,
    status: status ?? undefined,
    subscribed: status === "subscribed" || status === "unconfirmed",
  }));
}
