import { z } from "zod";
import type { AccountCtx } from "../context";
import { type FieldProblem, InvalidFields } from "../errors";
import { accountFields } from "./list-contact-fields";

export type AttributeValue = string | number | boolean | null;

/** The longest text value of an attribute. */
export const MAX_ATTRIBUTE_TEXT = 2000;

/**
 * Values of the account's fields by key; `null` clears one. Keys and types are checked against the
 * account's field definitions by the verbs (zod drops a `__proto__` key before anything sees it).
 */
export const attributesInput = z
  .record(
    z.string().max(100),
    z.union([z.string().max(MAX_ATTRIBUTE_TEXT), z.number().finite(), z.boolean(), z.null()]),
  )
  .refine((a) => Object.keys(a).length <= 100, "at most 100 attributes");

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * Checks attributes against the account's fields: an unknown key is a 400 naming `attributes.<key>`,
 * and so is a value of the wrong type (dates are ISO dates, `2026-11-30`). Returns the values to
 * apply, in a fresh object, `null`s kept (they clear a value).
 */
export async function checkAttributes(
  ctx: AccountCtx,
  attributes: Record<string, AttributeValue>,
): Promise<Map<string, AttributeValue>> {
  const entries = Object.entries(attributes);
  const checked = new Map<string, AttributeValue>();
  if (entries.length === 0) return checked;
  const types = new Map(
    (await accountFields(ctx, ctx.principal.accountId)).map((f) => [f.key, f.type] as const),
  );
  const problems: FieldProblem[] = [];
  for (const [key, value] of entries) {
    const path = `attributes.${key}`;
    const type = types.get(key);
    if (type === undefined) {
      problems.push({ path, message: "is not a contact field of this account" });
      continue;
    }
    if (value === null) {
      checked.set(key, null);
      continue;
    }
    const ok =
      type === "text"
        ? typeof value === "string"
        : type === "number"
          ? typeof value === "number"
          : type === "boolean"
            ? typeof value === "boolean"
            : typeof value === "string" && isIsoDate(value);
    if (!ok) {
      problems.push({
        path,
        message: type === "date" ? "must be an ISO date (YYYY-MM-DD)" : `must be a ${type}`,
      });
      continue;
    }
    checked.set(key, value);
  }
  if (problems.length > 0) throw new InvalidFields(problems);
  return checked;
}

/** `current` with the changes applied, `null` removing a value; keys sorted. */
export function applyAttributes(
  current: Record<string, AttributeValue>,
  changes: Map<string, AttributeValue>,
): Record<string, AttributeValue> {
  const next = new Map(Object.entries(current));
  for (const [key, value] of changes) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  return Object.fromEntries([...next].sort(([a], [b]) => (a < b ? -1 : 1)));
}
