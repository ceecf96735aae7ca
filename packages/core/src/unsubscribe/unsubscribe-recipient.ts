import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { Ctx } from "../context";
import type { LinkRecipient } from "./find-recipient";
import { idSet, unsubscribeFrom, type unsubscribeOrigin } from "./unsubscribe-from";

/**
 * What a campaign message's unsubscribe link does (RFC 8058 one-click, or the confirm button of its
 * page): the contact leaves the campaign's audience lists; when it is on none of them in any status
 * (a segments-only audience, lists deleted since, or a contact reached through a segment), it
 * leaves every list of the account instead. A closed account's unsubscribes are honoured too.
 * Returns how many memberships changed (0 when already unsubscribed).
 */
export async function unsubscribeRecipient({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { recipient: LinkRecipient } & z.input<typeof unsubscribeOrigin>;
}): Promise<{ changed: number }> {
  const { recipient, ...origin } = input;
  const audience = idSet(recipient.audienceLists);
  const lists = sql`m.list_id in ${audience} or not exists (select 1 from list_memberships a
    where a.account_id = ${recipient.accountId} and a.contact_id = ${recipient.contact.id}
      and a.list_id in ${audience})`;
  return { changed: await unsubscribeFrom(ctx, recipient, lists, origin) };
}
