import { contacts, contactValueCounts, listStatusCounts } from "@edgepost/db";
import { type SQL, sql } from "drizzle-orm";
import { comparison, compileSegmentFilter, type FilterScope } from "./compile";
import type { ListCondition, SegmentFilter } from "./filter";

/**
 * The query that counts the account's contacts a filter matches: one row, `count`.
 *
 * Two kinds of filter are read from the counts the database keeps by trigger (ADR 0012), a few rows
 * whatever the number of contacts: a list condition alone (`list_status_counts`), and conditions on
 * one attribute, under any `all`/`any`/`not`, that a contact without the attribute does not meet
 * (`contact_value_counts`: the sum over the values that meet them). Every other filter counts the
 * matching contacts, as a page of them is found. Check the filter with `filterProblems` first.
 */
export function compileSegmentCount(scope: FilterScope, filter: SegmentFilter): SQL {
  const node = unwrap(filter);
  if ("list" in node) return listCount(scope, node);
  const key = onlyKey(node);
  if (key !== undefined && !holdsWithoutValue(node)) {
    const t = contactValueCounts;
    return sql`select coalesce(sum(${t.contacts}), 0) as count from ${t} where ${t.accountId} = ${scope.accountId} and ${t.key} = ${key} and ${onValue(node)}`;
  }
  return sql`select count(*) as count from ${contacts} where ${compileSegmentFilter(scope, filter)}`;
}

/** A group of one is its member. */
function unwrap(filter: SegmentFilter): SegmentFilter {
  if ("all" in filter && filter.all.length === 1 && filter.all[0]) return unwrap(filter.all[0]);
  if ("any" in filter && filter.any.length === 1 && filter.any[0]) return unwrap(filter.any[0]);
  return filter;
}

function listCount(scope: FilterScope, c: ListCondition): SQL {
  const t = listStatusCounts;
  const status = c.status === undefined ? sql`` : sql` and ${t.status} = ${c.status}`;
  return sql`select coalesce(sum(${t.contacts}), 0) as count from ${t} where ${t.accountId} = ${scope.accountId} and ${t.listId} = ${c.list}${status}`;
}

/** The attribute key every condition of the filter is on, when it is one and only attributes are named. */
function onlyKey(filter: SegmentFilter): string | undefined {
  const keys = new Set<string>();
  const walk = (f: SegmentFilter): boolean => {
    if ("all" in f) return f.all.every(walk);
    if ("any" in f) return f.any.every(walk);
    if ("not" in f) return walk(f.not);
    if (!("field" in f) || !f.field.startsWith("attributes.")) return false;
    keys.add(f.field.slice("attributes.".length));
    return true;
  };
  return walk(filter) && keys.size === 1 ? [...keys][0] : undefined;
}

/** Whether a contact without the attribute matches (`neq`, `not_exists`, `not` of the others). */
function holdsWithoutValue(filter: SegmentFilter): boolean {
  if ("all" in filter) return filter.all.every(holdsWithoutValue);
  if ("any" in filter) return filter.any.some(holdsWithoutValue);
  if ("not" in filter) return !holdsWithoutValue(filter.not);
  if (!("field" in filter)) throw new Error("only attribute conditions are counted by value");
  return filter.op === "neq" || filter.op === "not_exists";
}

/**
 * The filter over one bucket's value, which is never NULL: the same comparisons as over
 * `json_extract`, without the `coalesce` that only a missing value needs, so a range or an equality
 * reads a range of the primary key.
 */
function onValue(filter: SegmentFilter): SQL {
  if ("all" in filter) return sql`(${sql.join(filter.all.map(onValue), sql` and `)})`;
  if ("any" in filter) return sql`(${sql.join(filter.any.map(onValue), sql` or `)})`;
  if ("not" in filter) return sql`(not ${onValue(filter.not)})`;
  if (!("field" in filter)) throw new Error("only attribute conditions are counted by value");
  if (filter.op === "exists") return sql`1`;
  if (filter.op === "not_exists") return sql`0`;
  return sql`(${comparison(sql`${contactValueCounts.value}`, filter)})`;
}
