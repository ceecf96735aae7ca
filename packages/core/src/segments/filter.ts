import { idSchema, LIST_STATUSES, type ListStatus } from "@edgepost/db";
import { z } from "zod";

/** How big a segment filter may be. */
export const SEGMENT_FILTER_LIMITS = {
  /** Nested groups (`all`, `any`, `not`) around the innermost condition. */
  depth: 5,
  /** Conditions in the whole filter. */
  conditions: 50,
  /** Values of one `in` condition. */
  inValues: 100,
  /** Characters of one text value. */
  text: 1000,
  /** The longest engagement window, in days. */
  withinDays: 3650,
} as const;

export const FIELD_OPS = [
  "eq",
  "neq",
  "contains",
  "starts_with",
  "gt",
  "gte",
  "lt",
  "lte",
  "exists",
  "not_exists",
  "in",
] as const;
export type FieldOp = (typeof FIELD_OPS)[number];

/** What a contact can have done with the account's messages, for `engaged` conditions. */
export const ENGAGEMENTS = ["opened", "clicked", "delivered", "bounced", "complained"] as const;
export type Engagement = (typeof ENGAGEMENTS)[number];

export type FilterValue = string | number | boolean;

/** `email`, `phone` or `attributes.<key>` of a field the account defined, compared by `op`. */
export interface FieldCondition {
  field: string;
  op: FieldOp;
  value?: FilterValue | FilterValue[] | undefined;
}
/** On the list (with this status, when given). */
export interface ListCondition {
  list: string;
  status?: ListStatus | undefined;
}
/** An event of this kind for a message to the contact's address within the last `within_days` days. */
export interface EngagementCondition {
  engaged: Engagement;
  within_days: number;
}
export type SegmentCondition = FieldCondition | ListCondition | EngagementCondition;
export type SegmentFilter =
  | SegmentCondition
  | { all: SegmentFilter[] }
  | { any: SegmentFilter[] }
  | { not: SegmentFilter };

const scalar = z.union([z.string().max(SEGMENT_FILTER_LIMITS.text), z.number(), z.boolean()]);

const fieldCondition = z.strictObject({
  field: z
    .string()
    .max(200)
    .regex(/^(email|phone|attributes\..+)$/, "`email`, `phone` or `attributes.<key>` of a contact field"),
  op: z.enum(FIELD_OPS),
  value: z.union([scalar, z.array(scalar).min(1).max(SEGMENT_FILTER_LIMITS.inValues)]).optional(),
});

const listCondition = z.strictObject({
  list: idSchema("lst"),
  status: z.enum(LIST_STATUSES).optional(),
});

const engagementCondition = z.strictObject({
  engaged: z.enum(ENGAGEMENTS),
  within_days: z.number().int().min(1).max(SEGMENT_FILTER_LIMITS.withinDays),
});

const filterNode: z.ZodType<SegmentFilter> = z
  .lazy(() =>
    z.union([
      z.strictObject({ all: z.array(filterNode).min(1).max(SEGMENT_FILTER_LIMITS.conditions) }),
      z.strictObject({ any: z.array(filterNode).min(1).max(SEGMENT_FILTER_LIMITS.conditions) }),
      z.strictObject({ not: filterNode }),
      fieldCondition,
      listCondition,
      engagementCondition,
    ]),
  )
  .meta({
    id: "SegmentFilter",
    description:
      "`{ all: [...] }`, `{ any: [...] }`, `{ not: {...} }` around conditions: " +
      "`{ field, op, value }`, `{ list, status }`, `{ engaged, within_days }`; " +
      `at most ${SEGMENT_FILTER_LIMITS.depth} levels of groups and ${SEGMENT_FILTER_LIMITS.conditions} conditions.`,
  });

type Issue = { path: PropertyKey[]; message: string };

/**
 * Checks a filter's shape by hand before the schema parses it, so each problem is reported where it
 * is (`all.2.value`), however the filter is built, and a filter nested thousands of levels deep is
 * refused at level six rather than recursed into.
 */
function shapeIssues(input: unknown): Issue[] {
  const issues: Issue[] = [];
  let conditions = 0;
  const walk = (node: unknown, path: PropertyKey[], depth: number) => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) {
      issues.push({
        path,
        message: "a group (`all`, `any`, `not`) or a condition (`field`, `list`, `engaged`)",
      });
      return;
    }
    const keys = Object.keys(node);
    const group = keys.find((key) => key === "all" || key === "any" || key === "not");
    if (group) {
      for (const key of keys) {
        if (key !== group) issues.push({ path: [...path, key], message: `not allowed beside \`${group}\`` });
      }
      if (depth >= SEGMENT_FILTER_LIMITS.depth) {
        issues.push({
          path: [...path, group],
          message: `groups nest at most ${SEGMENT_FILTER_LIMITS.depth} levels deep`,
        });
        return;
      }
      const inner = (node as Record<string, unknown>)[group];
      if (group === "not") return walk(inner, [...path, group], depth + 1);
      if (!Array.isArray(inner) || inner.length === 0) {
        issues.push({ path: [...path, group], message: "a non-empty list of conditions and groups" });
        return;
      }
      inner.forEach((child, i) => {
        if (conditions <= SEGMENT_FILTER_LIMITS.conditions) walk(child, [...path, group, i], depth + 1);
      });
      return;
    }
    conditions += 1;
    if (conditions === SEGMENT_FILTER_LIMITS.conditions + 1) {
      issues.push({ path, message: `a filter has at most ${SEGMENT_FILTER_LIMITS.conditions} conditions` });
      return;
    }
    const schema =
      "list" in node
        ? listCondition
        : "engaged" in node
          ? engagementCondition
          : "field" in node
            ? fieldCondition
            : null;
    if (!schema) {
      issues.push({
        path,
        message: "a group (`all`, `any`, `not`) or a condition (`field`, `list`, `engaged`)",
      });
      return;
    }
    const parsed = schema.safeParse(node);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const keys = "keys" in issue && Array.isArray(issue.keys) ? issue.keys : [undefined];
        for (const key of keys) {
          issues.push({
            path: [...path, ...issue.path, ...(key === undefined ? [] : [key])],
            message: key === undefined ? issue.message : "not a property of this condition",
          });
        }
      }
    }
  };
  walk(input, [], 0);
  return issues;
}

/**
 * A segment filter: attribute, list and engagement conditions combined by `all`, `any` and `not`.
 * Stored as given and compiled to parameterised SQL when used (`compileSegmentFilter`).
 */
export const segmentFilter = z.preprocess((input, ctx) => {
  for (const issue of shapeIssues(input)) ctx.addIssue({ code: "custom", input, ...issue });
  return input;
}, filterNode) as unknown as z.ZodType<SegmentFilter, unknown>;
