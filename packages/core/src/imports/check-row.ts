import type { ImportRowError } from "@edgepost/db";
import { storableForDisplay, unstorableText } from "@edgepost/db";
import type { SheetRow } from "@edgepost/tabular";
import { type AttributeValue, MAX_ATTRIBUTE_TEXT } from "../contacts/attributes";
import { contactEmail } from "../contacts/create-contact";
import { toE164 } from "../contacts/phone";
import { InvalidFields } from "../errors";
import type { ColumnPlan, FieldType } from "./column-mapping";

/** A row that can be imported: the contact it describes. */
export interface ContactRow {
  row: number;
  email: string | null;
  phone: string | null;
  /** Only the cells that hold something: an empty cell leaves a field as it is. */
  attributes: Record<string, AttributeValue>;
}

export type CheckedRow = ContactRow | { row: number; errors: ImportRowError[] };

/** How much of a faulty value the error report repeats (a character it cannot keep shown as U+FFFD). */
const SHOWN = 100;
const shown = (value: string) =>
  storableForDisplay(value.length > SHOWN ? `${value.slice(0, SHOWN)}…` : value);

/** A cell our exports (or others following OWASP's advice) kept from running: `'=…`, `'+41…`. */
const NEUTRALISED = /^'(?=[=+\-@\t\r])/;

/** Text a spreadsheet would run as a formula when the contacts are exported and opened again. */
const FORMULA = /^[=@\t\r]|^[+-](?![\d\s()./-]*$)/;

const BOOLEANS: Record<string, boolean> = {
  true: true,
  yes: true,
  "1": true,
  false: false,
  no: false,
  "0": false,
};
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:T00:00(?::00)?)?$/;

function attributeValue(field: FieldType, text: string): AttributeValue | { error: string } {
  switch (field.type) {
    case "text":
      if (text.length > MAX_ATTRIBUTE_TEXT)
        return { error: `is longer than ${MAX_ATTRIBUTE_TEXT} characters` };
      if (FORMULA.test(text))
        return { error: "looks like a spreadsheet formula (starts with =, +, -, or @)" };
      return text;
    case "number": {
      const n = Number(text);
      return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) && Number.isFinite(n)
        ? n
        : { error: "is not a number" };
    }
    case "boolean": {
      const b = BOOLEANS[text.toLowerCase()];
      return b ?? { error: "is not true or false (true/false, yes/no, 1/0)" };
    }
    case "date": {
      const m = ISO_DATE.exec(text);
      const day = m?.[1];
      const valid = day !== undefined && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
      return valid ? day : { error: "is not a date (YYYY-MM-DD)" };
    }
  }
}

/**
 * One row of the file read as a contact through the column plan, or every problem it has. Blank
 * rows are `undefined`: nothing to import, nothing to report. `strictWidth` (CSV) makes a row
 * with fewer cells than the header an error; spreadsheets leave trailing empty cells out.
 */
export function checkRow(
  sheetRow: SheetRow,
  header: readonly string[],
  plan: ColumnPlan,
  options: { strictWidth: boolean; defaultCountry: string | undefined },
): CheckedRow | undefined {
  const row = sheetRow.number;
  if (sheetRow.error !== undefined) return { row, errors: [{ row, message: sheetRow.error }] };
  const cells = sheetRow.cells;
  if (cells.every((c) => c.trim() === "")) return undefined;
  const width = cells.length;
  const extra = cells.slice(header.length).some((c) => c.trim() !== "");
  if (extra || (options.strictWidth && width < header.length)) {
    return { row, errors: [{ row, message: `has ${width} cells; the header has ${header.length}` }] };
  }
  const errors: ImportRowError[] = [];
  const contact: ContactRow = { row, email: null, phone: null, attributes: {} };
  plan.forEach((target, i) => {
    const text = (cells[i] ?? "").trim().replace(NEUTRALISED, "");
    if (target === undefined || text === "") return;
    const column = header[i] ?? "";
    const unstorable = unstorableText(text);
    if (unstorable !== undefined) {
      errors.push({ row, column, value: shown(text), message: unstorable });
    } else if (target.to === "email") {
      const parsed = contactEmail.safeParse(text);
      if (parsed.success) contact.email = parsed.data.toLowerCase();
      else errors.push({ row, column, value: shown(text), message: "is not a valid email address" });
    } else if (target.to === "phone") {
      try {
        contact.phone = toE164(text, options.defaultCountry);
      } catch (error) {
        const message = error instanceof InvalidFields ? error.fields?.[0]?.message : undefined;
        errors.push({ row, column, value: shown(text), message: message ?? "is not a valid phone number" });
      }
    } else {
      const value = attributeValue(target.field, text);
      if (value !== null && typeof value === "object")
        errors.push({ row, column, value: shown(text), message: value.error });
      else contact.attributes[target.field.key] = value;
    }
  });
  if (errors.length === 0 && contact.email === null && contact.phone === null) {
    errors.push({ row, message: "has neither an email nor a phone" });
  }
  return errors.length > 0 ? { row, errors } : contact;
}
