/** A write that broke a constraint, as libSQL (the engine, sqld, Turso) words it. */
export interface ConstraintViolation {
  kind: "unique" | "check" | "not_null" | "foreign_key";
  /** UNIQUE and NOT NULL: the table; CHECK: the constraint's name; FOREIGN KEY: none. */
  on?: string;
  /** UNIQUE and NOT NULL: the columns, in the index's order. */
  columns: string[];
}

const KINDS = {
  UNIQUE: "unique",
  CHECK: "check",
  "NOT NULL": "not_null",
  "FOREIGN KEY": "foreign_key",
} as const;
const FAILED = /(UNIQUE|CHECK|NOT NULL|FOREIGN KEY) constraint failed(?:: ([^\n]+))?/;

/**
 * The one reader of constraint failures: the message (`UNIQUE constraint failed: t.a, t.b`,
 * `CHECK constraint failed: name`) is looked for in the error and its causes, since the client and
 * drizzle wrap the server's error. It reads the text, not the code: sqld and Turso send only the base
 * code (`SQLITE_CONSTRAINT`) for every kind.
 */
export function constraintViolation(error: unknown): ConstraintViolation | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const match = FAILED.exec(e.message);
    if (!match) continue;
    const kind = KINDS[match[1] as keyof typeof KINDS];
    const detail = (match[2] ?? "").trim();
    if (kind === "check") return { kind, on: detail, columns: [] };
    if (kind === "foreign_key") return { kind, columns: [] };
    const qualified = detail.split(/,\s*/).filter((part) => part.includes("."));
    const on = qualified[0]?.split(".")[0];
    return {
      kind,
      ...(on ? { on } : {}),
      columns: qualified.map((part) => part.slice(part.indexOf(".") + 1)),
    };
  }
  return undefined;
}

/** The columns of the unique index of `table` a write broke, or undefined for any other failure. */
export function uniqueViolationOn(error: unknown, table: string): string[] | undefined {
  const violation = constraintViolation(error);
  return violation?.kind === "unique" && violation.on === table ? violation.columns : undefined;
}
