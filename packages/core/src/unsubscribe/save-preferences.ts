import { sql } from "drizzle-orm";
import { z } from "zod";
import { listId } from "../contacts/shared";
import type { Ctx } from "../context";
import type { LinkRecipient } from "./find-recipient";
import { idSet, unsubscribeFrom, unsubscribeOrigin } from "./unsubscribe-from";

const listIds = z.array(listId).max(1000);

const savePreferencesInput = unsubscribeOrigin.extend({
  /** The lists the preference centre offered with a checkbox (those the contact was on then). */
  shown: listIds,
  /** The lists left ticked. */
  kept: listIds,
});

/**
 * The preference centre's save: the contact leaves each list it was shown and unticked (ledger entry,
 * campaign event and statistics as for any unsubscribe). It never subscribes anyone: consent to a
 * list is given through a form with double opt-in, not by ticking a box here. Lists the page did not
 * show (made since it was loaded) are left as they are.
 */
export async function savePreferences({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { recipient: LinkRecipient } & z.input<typeof savePreferencesInput>;
}): Promise<{ changed: number }> {
  const { recipient, ...rest } = input;
  const { shown, kept, ...origin } = savePreferencesInput.parse(rest);
  const left = shown.filter((id) => !kept.includes(id));
  if (left.length === 0) return { changed: 0 };
  return { changed: await unsubscribeFrom(ctx, recipient, sql`m.list_id in ${idSet(left)}`, origin) };
}
