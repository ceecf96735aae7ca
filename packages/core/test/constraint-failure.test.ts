import { describe, expect, it } from "vitest";
import { constraintViolation, uniqueViolationOn } from "../src/constraint-failure";

/** How @libsql/client and drizzle hand a failed write over: the server's words in the cause chain. */
function asThrown(serverMessage: string): Error {
  const libsql = new Error(`SQLITE_CONSTRAINT: SQLite error: ${serverMessage}`);
  return new Error("Failed query: insert into t …\nparams: …", { cause: libsql });
}

describe("constraintViolation", () => {
  it.each([
    [
      "UNIQUE constraint failed: contacts.account_id, contacts.email",
      { kind: "unique", on: "contacts", columns: ["account_id", "email"] },
    ],
    [
      "UNIQUE constraint failed: idempotency_keys.id",
      { kind: "unique", on: "idempotency_keys", columns: ["id"] },
    ],
    [
      "CHECK constraint failed: credit_ledger_balance_not_negative",
      { kind: "check", on: "credit_ledger_balance_not_negative", columns: [] },
    ],
    ["NOT NULL constraint failed: kv.v", { kind: "not_null", on: "kv", columns: ["v"] }],
    ["FOREIGN KEY constraint failed", { kind: "foreign_key", columns: [] }],
  ])("reads %s as sqld and Turso send it (base code, words in the cause)", (message, expected) => {
    expect(constraintViolation(asThrown(message))).toEqual(expected);
  });

  it("reads the message wherever the wrapping put it, and nothing else", () => {
    expect(constraintViolation(new Error("UNIQUE constraint failed: a.b"))).toMatchObject({ on: "a" });
    expect(constraintViolation(new Error("SQLITE_BUSY: database is locked"))).toBeUndefined();
    expect(constraintViolation("not an error")).toBeUndefined();
  });

  it("tells the unique index of one table from another's", () => {
    const error = asThrown(
      "UNIQUE constraint failed: credit_ledger.account_id, credit_ledger.wallet, credit_ledger.reference",
    );
    expect(uniqueViolationOn(error, "credit_ledger")).toEqual(["account_id", "wallet", "reference"]);
    expect(uniqueViolationOn(error, "contacts")).toBeUndefined();
  });
});
