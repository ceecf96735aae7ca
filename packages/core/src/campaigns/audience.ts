import { type CampaignAudience, contacts, listMemberships, suppressions } from "@edgepost/db";
import { type SQL, sql } from "drizzle-orm";
import type { AccountCtx } from "../context";
import { type FieldProblem, InvalidFields } from "../errors";
import { compileSegmentFilter, filterProblems, loadFilterScope } from "../segments/compile";
import { readAudience } from "./campaign-fields";

// Each test is a correlated EXISTS: along a keyset over contacts (the fan-out's chunks) it is one
// index lookup per contact, where `contacts.id in (select …)` would rebuild the whole set of
// members for every chunk (a million-member list: seconds a chunk).

/** A contact subscribed to one of these lists (by the memberships' primary key). */
const subscribedTo = (accountId: string, lists: string[]) =>
  sql`exists (select 1 from ${listMemberships} as m where m.list_id in ${lists} and m.contact_id = ${contacts.id} and m.account_id = ${accountId} and m.status = 'subscribed')`;

/** A contact on one of these lists, in any status. */
const onAnyOf = (accountId: string, lists: string[]) =>
  sql`exists (select 1 from ${listMemberships} as m where m.list_id in ${lists} and m.contact_id = ${contacts.id} and m.account_id = ${accountId})`;

/** A contact subscribed to any list of the account: what a segment's contacts need to be mailed. */
const subscribedAnywhere = (accountId: string) =>
  sql`exists (select 1 from ${listMemberships} as m where m.contact_id = ${contacts.id} and m.account_id = ${accountId} and m.status = 'subscribed')`;

/**
 * The `where` condition on `contacts` of who an email campaign goes to, as the account stands now:
 * contacts with an address, subscribed to one of its lists or matching one of its segments while
 * subscribed to some list of the account (never unconfirmed, unsubscribed, bounced or complained
 * only), minus the contacts on an excluded list (in any status) or in an excluded segment, minus
 * the account's suppressed addresses. Each contact is one row of `contacts`, so once. A list or
 * segment deleted since, or a segment whose filter names a field or list deleted since, is refused
 * with its path in the audience; so is an audience that names nothing.
 */
export async function audienceCondition(ctx: AccountCtx, audience: CampaignAudience): Promise<SQL> {
  const accountId = ctx.principal.accountId;
  if (audience.lists.length === 0 && audience.segments.length === 0) {
    throw new InvalidFields([
      { path: "audience", message: "names no list and no segment: nobody to send to" },
    ]);
  }
  const { filters, missing } = await readAudience(ctx, audience);
  const problems: FieldProblem[] = [...missing];
  const compiled = new Map<string, SQL>();
  if (filters.size > 0) {
    // One scope for every segment: the account's fields, and the lists any of them names.
    const scope = await loadFilterScope(ctx, accountId, { any: [...filters.values()] });
    for (const part of ["segments", "excludeSegments"] as const) {
      for (const [i, id] of audience[part].entries()) {
        const filter = filters.get(id);
        if (!filter) continue;
        const wrong = filterProblems(scope, filter, `audience.${part}[${i}]`);
        if (wrong.length > 0) problems.push(...wrong);
        else compiled.set(id, compileSegmentFilter(scope, filter));
      }
    }
  }
  if (problems.length > 0) throw new InvalidFields(problems);
  const included: SQL[] = [];
  if (audience.lists.length > 0) included.push(subscribedTo(accountId, audience.lists));
  const inSegments = audience.segments.flatMap((id) => compiled.get(id) ?? []);
  if (inSegments.length > 0) {
    included.push(sql`((${sql.join(inSegments, sql` or `)}) and ${subscribedAnywhere(accountId)})`);
  }
  const excluded: SQL[] = [];
  if (audience.excludeLists.length > 0) excluded.push(onAnyOf(accountId, audience.excludeLists));
  excluded.push(...audience.excludeSegments.flatMap((id) => compiled.get(id) ?? []));
  return sql`(${contacts.accountId} = ${accountId} and ${contacts.email} is not null
    and (${sql.join(included, sql` or `)})
    ${excluded.length > 0 ? sql`and not (${sql.join(excluded, sql` or `)})` : sql``}
    and not exists (select 1 from ${suppressions} as s where s.account_id = ${accountId} and s.email = ${contacts.email}))`;
}
