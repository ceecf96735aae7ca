import { contactFields, contacts, listMemberships, lists, messageEvents, messages } from "@edgepost/db";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { FieldProblem } from "../errors";
import type { FieldCondition, FilterValue, SegmentCondition, SegmentFilter } from "./filter";

export type FieldType = "text" | "number" | "boolean" | "date";

/** What a filter is checked and compiled against: the account's fields and lists. */
export interface FilterScope {
  accountId: string;
  /** The account's contact fields: key → type. */
  fields: ReadonlyMap<string, FieldType>;
  /** Ids of the account's lists that the filter names. */
  lists: ReadonlySet<string>;
  now: Date;
}

const DAY_MS = 86_400_000;
/** An attribute key that can be addressed as `$."key"`: no quote, backslash or control character. */
const ADDRESSABLE_KEY = /^[^"\\\p{Cc}]{1,100}$/u;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Loads what `filterProblems` and `compileSegmentFilter` need for this filter in this account. */
export async function loadFilterScope(
  ctx: Ctx,
  accountId: string,
  filter: SegmentFilter,
): Promise<FilterScope> {
  const named = [...new Set(conditionsOf(filter).flatMap((c) => ("list" in c ? [c.list] : [])))];
  const [fields, found] = await Promise.all([
    ctx.db
      .select({ key: contactFields.key, type: contactFields.type })
      .from(contactFields)
      .where(eq(contactFields.accountId, accountId)),
    named.length === 0
      ? Promise.resolve([])
      : ctx.db
          .select({ id: lists.id })
          .from(lists)
          .where(and(eq(lists.accountId, accountId), inArray(lists.id, named))),
  ]);
  return {
    accountId,
    fields: new Map(fields.map((f) => [f.key, f.type])),
    lists: new Set(found.map((l) => l.id)),
    now: ctx.now(),
  };
}

function conditionsOf(filter: SegmentFilter): SegmentCondition[] {
  if ("all" in filter) return filter.all.flatMap(conditionsOf);
  if ("any" in filter) return filter.any.flatMap(conditionsOf);
  if ("not" in filter) return conditionsOf(filter.not);
  return [filter];
}

/** The type of a condition's field, or why it cannot be filtered on. */
function fieldType(scope: FilterScope, field: string): FieldType | string {
  if (field === "email" || field === "phone") return "text";
  const key = field.slice("attributes.".length);
  const type = scope.fields.get(key);
  if (!type) return `no contact field \`${key}\` in this account`;
  if (!ADDRESSABLE_KEY.test(key)) return `the field \`${key}\` cannot be filtered on`;
  return type;
}

function valueProblem(type: FieldType, value: FilterValue): string | undefined {
  switch (type) {
    case "text":
      return typeof value === "string" ? undefined : "a string";
    case "number":
      return typeof value === "number" ? undefined : "a number";
    case "boolean":
      return typeof value === "boolean" ? undefined : "true or false";
    case "date":
      return typeof value === "string" && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : "a date (YYYY-MM-DD or an ISO 8601 date-time)";
  }
}

const OPS_BY_TYPE: Record<FieldType, readonly string[]> = {
  text: ["eq", "neq", "contains", "starts_with", "exists", "not_exists", "in"],
  number: ["eq", "neq", "gt", "gte", "lt", "lte", "exists", "not_exists", "in"],
  date: ["eq", "neq", "gt", "gte", "lt", "lte", "exists", "not_exists", "in"],
  boolean: ["eq", "neq", "exists", "not_exists"],
};

function fieldProblems(scope: FilterScope, c: FieldCondition, path: string): FieldProblem[] {
  const type = fieldType(scope, c.field);
  if (!(type in OPS_BY_TYPE)) return [{ path: `${path}.field`, message: type }];
  const t = type as FieldType;
  if (!OPS_BY_TYPE[t].includes(c.op)) {
    return [{ path: `${path}.op`, message: `\`${c.op}\` does not apply to a ${t} field` }];
  }
  if (c.op === "exists" || c.op === "not_exists") {
    return c.value === undefined ? [] : [{ path: `${path}.value`, message: `\`${c.op}\` takes no value` }];
  }
  if (c.value === undefined) return [{ path: `${path}.value`, message: "required" }];
  if (c.op === "in") {
    if (!Array.isArray(c.value)) return [{ path: `${path}.value`, message: "a list of values" }];
    return c.value.flatMap((v, i) => {
      const problem = valueProblem(t, v);
      return problem ? [{ path: `${path}.value.${i}`, message: problem }] : [];
    });
  }
  if (Array.isArray(c.value))
    return [{ path: `${path}.value`, message: "one value (a list only with `in`)" }];
  const problem = valueProblem(t, c.value);
  return problem ? [{ path: `${path}.value`, message: problem }] : [];
}

/** Every problem of a well-formed filter in this account: unknown fields and lists, values of the wrong type. */
export function filterProblems(scope: FilterScope, filter: SegmentFilter, path = "filter"): FieldProblem[] {
  if ("all" in filter) return filter.all.flatMap((f, i) => filterProblems(scope, f, `${path}.all.${i}`));
  if ("any" in filter) return filter.any.flatMap((f, i) => filterProblems(scope, f, `${path}.any.${i}`));
  if ("not" in filter) return filterProblems(scope, filter.not, `${path}.not`);
  if ("list" in filter) {
    return scope.lists.has(filter.list)
      ? []
      : [{ path: `${path}.list`, message: "no such list in this account" }];
  }
  if ("engaged" in filter) return [];
  return fieldProblems(scope, filter, path);
}

/** `%`, `_` and `\` taken literally in a `LIKE … ESCAPE '\'` pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, "\\$&");
}

/** The JSON path of an attribute, bound as a parameter: `$."key"` (the key is checked to have no quote). */
export function attributePath(key: string): string {
  if (!ADDRESSABLE_KEY.test(key)) throw new Error("an attribute key with a quote or control character");
  return `$."${key}"`;
}

function column(scope: FilterScope, field: string): SQL {
  if (field === "email") return sql`${contacts.email}`;
  if (field === "phone") return sql`${contacts.phone}`;
  const key = field.slice("attributes.".length);
  if (!scope.fields.has(key)) throw new Error(`compiling a filter on an undefined field ${key}`);
  return sql`json_extract(${contacts.attributes}, ${attributePath(key)})`;
}

/**
 * `col` compared as the condition says (any op but `exists` and `not_exists`): NULL only where `col`
 * is NULL, so over a column that is never NULL it is already definite, and can use an index.
 */
export function comparison(col: SQL, c: FieldCondition): SQL {
  const norm = (v: FilterValue) => (c.field === "email" && typeof v === "string" ? v.toLowerCase() : v);
  const one = () => {
    if (c.value === undefined || Array.isArray(c.value)) throw new Error(`\`${c.op}\` needs one value`);
    return norm(c.value);
  };
  switch (c.op) {
    case "exists":
    case "not_exists":
      throw new Error(`\`${c.op}\` is not a comparison`);
    case "eq":
      return sql`${col} = ${one()}`;
    case "neq":
      return sql`${col} <> ${one()}`;
    case "gt":
      return sql`${col} > ${one()}`;
    case "gte":
      return sql`${col} >= ${one()}`;
    case "lt":
      return sql`${col} < ${one()}`;
    case "lte":
      return sql`${col} <= ${one()}`;
    case "contains":
      return sql`${col} like ${`%${escapeLike(String(one()))}%`} escape '\\'`;
    case "starts_with":
      return sql`${col} like ${`${escapeLike(String(one()))}%`} escape '\\'`;
    case "in": {
      if (!Array.isArray(c.value) || c.value.length === 0) throw new Error("`in` needs a list of values");
      const values = c.value.map((v) => sql`${norm(v)}`);
      return sql`${col} in (${sql.join(values, sql`, `)})`;
    }
  }
}

/** Every comparison is made definite (never NULL), so `not` of a condition is exactly its opposite. */
function compileField(scope: FilterScope, c: FieldCondition): SQL {
  const col = column(scope, c.field);
  if (c.op === "exists") return sql`(${col} is not null)`;
  if (c.op === "not_exists") return sql`(${col} is null)`;
  // A contact without the value is unequal to any value, and neither greater, smaller nor alike.
  return sql`coalesce(${comparison(col, c)}, ${sql.raw(c.op === "neq" ? "1" : "0")})`;
}

function compileNode(scope: FilterScope, filter: SegmentFilter): SQL {
  if ("all" in filter)
    return sql`(${sql.join(
      filter.all.map((f) => compileNode(scope, f)),
      sql` and `,
    )})`;
  if ("any" in filter)
    return sql`(${sql.join(
      filter.any.map((f) => compileNode(scope, f)),
      sql` or `,
    )})`;
  if ("not" in filter) return sql`(not ${compileNode(scope, filter.not)})`;
  if ("list" in filter) {
    return sql`(${contacts.id} in (select ${listMemberships.contactId} from ${listMemberships} where ${listMemberships.accountId} = ${scope.accountId} and ${listMemberships.listId} = ${filter.list}${filter.status === undefined ? sql`` : sql` and ${listMemberships.status} = ${filter.status}`}))`;
  }
  if ("engaged" in filter) {
    const since = scope.now.getTime() - filter.within_days * DAY_MS;
    // Not correlated: the addresses are found once, then each contact is looked up among them.
    return sql`coalesce(${contacts.email} in (select lower(coalesce(${messageEvents.recipient}, ${messages.toAddress})) from ${messageEvents} inner join ${messages} on ${messages.id} = ${messageEvents.messageId} where ${messageEvents.accountId} = ${scope.accountId} and ${messages.accountId} = ${scope.accountId} and ${messageEvents.type} = ${filter.engaged} and ${messageEvents.occurredAt} >= ${since}), 0)`;
  }
  return compileField(scope, filter);
}

/**
 * The `where` condition on `contacts` of the account's contacts that match the filter. Every value
 * is a bound parameter (attribute keys too, as the JSON path `$."key"`), so the SQL text depends
 * only on the filter's shape; it is always scoped to the account. Check the filter with
 * `filterProblems` first: a field or list it does not know is a programming error here.
 */
export function compileSegmentFilter(scope: FilterScope, filter: SegmentFilter): SQL {
  return sql`(${contacts.accountId} = ${scope.accountId} and ${compileNode(scope, filter)})`;
}
