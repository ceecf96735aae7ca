import { z } from "zod";
import { accountFields } from "../contacts/list-contact-fields";
import type { AccountCtx } from "../context";
import { type FieldProblem, InvalidFields } from "../errors";

/** Where a file's column goes. */
export const columnTarget = z
  .string()
  .regex(
    /^(email|phone|ignore|attributes\.[a-z][a-z0-9_]{0,39})$/,
    "email, phone, ignore or attributes.<field key>",
  );

export interface FieldType {
  key: string;
  label: string;
  type: "text" | "number" | "boolean" | "date";
}

/** What each column of the file is read as, by position. */
export type ColumnPlan = (
  | { to: "email" }
  | { to: "phone" }
  | { to: "attribute"; field: FieldType }
  | undefined
)[];

/** Names people give the email and phone columns (compared without case, spaces, `-` and `_`). */
const EMAIL_NAMES = new Set(["email", "emailaddress", "mail", "courriel"]);
const PHONE_NAMES = new Set(["phone", "phonenumber", "mobile", "mobilephone", "cell", "tel", "telephone"]);
const simplified = (name: string) => name.toLowerCase().replace(/[\s_-]+/g, "");

/** Column names a message lists before it only counts the rest: a header may have thousands. */
const NAMES_LISTED = 20;
function namesOf(columns: ReadonlyMap<string, unknown>): string {
  const shown: string[] = [];
  for (const name of columns.keys()) {
    if (shown.length === NAMES_LISTED) break;
    shown.push(name);
  }
  return columns.size > NAMES_LISTED ? `${shown.join(", ")}, … (${columns.size} in all)` : shown.join(", ");
}

/** A 400 for mappings that name a field the account lacks, or send two columns to one place. */
export async function checkTargets(ctx: AccountCtx, columns: Record<string, string>): Promise<void> {
  const fields = new Set((await accountFields(ctx, ctx.principal.accountId)).map((f) => f.key));
  const problems: FieldProblem[] = [];
  const taken = new Map<string, string>();
  for (const [column, target] of Object.entries(columns)) {
    const path = `columns.${column}`;
    if (target.startsWith("attributes.") && !fields.has(target.slice(11))) {
      problems.push({ path, message: `${target.slice(11)} is not a contact field of this account` });
    }
    const other = taken.get(target);
    if (target !== "ignore" && other !== undefined) {
      problems.push({ path, message: `goes to ${target}, as the column "${other}" does already` });
    }
    taken.set(target, column);
  }
  if (problems.length > 0) throw new InvalidFields(problems);
}

/**
 * The columns of a file's header mapped as asked, or — when nothing was asked — matched by name
 * (email and phone by their usual names, fields by key or label). A 400 when a mapped column is not
 * in the file, a header is ambiguous, or neither an email nor a phone column is left.
 */
export function planColumns(
  header: readonly string[],
  asked: Record<string, string>,
  fields: readonly FieldType[],
): { columns: Record<string, string>; plan: ColumnPlan } {
  const problems: FieldProblem[] = [];
  const positions = new Map<string, number>();
  // One problem per repeated name, however often it repeats.
  const repeats = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === "") return;
    if (positions.has(name)) repeats.set(name, (repeats.get(name) ?? 1) + 1);
    positions.set(name, i);
  });
  for (const [name, count] of repeats) {
    const times = count === 2 ? "two" : String(count);
    problems.push({ path: "file", message: `has ${times} columns named "${name}"` });
  }
  const byKey = new Map(fields.map((f) => [f.key, f]));
  let columns: Record<string, string> = asked;
  if (Object.keys(asked).length === 0) {
    const used = new Set<string>();
    columns = {};
    for (const name of positions.keys()) {
      const s = simplified(name);
      const field = fields.find((f) => simplified(f.key) === s || simplified(f.label) === s);
      const target = EMAIL_NAMES.has(s)
        ? "email"
        : PHONE_NAMES.has(s)
          ? "phone"
          : field
            ? `attributes.${field.key}`
            : undefined;
      if (target && !used.has(target)) {
        used.add(target);
        columns[name] = target;
      }
    }
  }
  const plan: ColumnPlan = header.map(() => undefined);
  for (const [name, target] of Object.entries(columns)) {
    const at = positions.get(name);
    if (at === undefined) {
      problems.push({
        path: `columns.${name}`,
        message: `is not a column of the file (its columns: ${namesOf(positions)})`,
      });
      continue;
    }
    if (target === "email" || target === "phone") plan[at] = { to: target };
    else if (target.startsWith("attributes.")) {
      const field = byKey.get(target.slice(11));
      if (field) plan[at] = { to: "attribute", field };
      else
        problems.push({
          path: `columns.${name}`,
          message: `${target.slice(11)} is not a contact field of this account`,
        });
    }
  }
  if (problems.length === 0 && !plan.some((p) => p?.to === "email" || p?.to === "phone")) {
    problems.push({
      path: "columns",
      message: `map a column to email or phone (the file's columns: ${namesOf(positions)})`,
    });
  }
  if (problems.length > 0) throw new InvalidFields(problems);
  return { columns, plan };
}
