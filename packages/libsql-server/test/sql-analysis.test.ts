import Database from "libsql";
import { describe, expect, it } from "vitest";
import { analyzeSql, splitStatements } from "../src/sql-analysis";

describe("splitStatements", () => {
  it("splits on semicolons outside strings, identifiers, comments and trigger bodies", () => {
    const sql = `
      CREATE TABLE "a;b" (x TEXT DEFAULT ';', [y;] INT, \`z;\` BLOB); -- c;omment
      /* block; comment */ INSERT INTO "a;b" VALUES ('it''s; fine', 1, x'3B');
      CREATE TEMP TRIGGER tr AFTER INSERT ON "a;b" BEGIN SELECT 1; SELECT 2; END;
      EXPLAIN CREATE TRIGGER tr2 AFTER DELETE ON "a;b" BEGIN DELETE FROM "a;b"; END;
      ;;
      SELECT 'last without semicolon'`;
    expect(splitStatements(sql)).toEqual([
      `CREATE TABLE "a;b" (x TEXT DEFAULT ';', [y;] INT, \`z;\` BLOB)`,
      `INSERT INTO "a;b" VALUES ('it''s; fine', 1, x'3B')`,
      `CREATE TEMP TRIGGER tr AFTER INSERT ON "a;b" BEGIN SELECT 1; SELECT 2; END`,
      `EXPLAIN CREATE TRIGGER tr2 AFTER DELETE ON "a;b" BEGIN DELETE FROM "a;b"; END`,
      "SELECT 'last without semicolon'",
    ]);
    expect(splitStatements("  -- only a comment\n ; ")).toEqual([]);
  });

  it("counts statements for execute", () => {
    expect(analyzeSql("SELECT 1").statementCount).toBe(1);
    expect(analyzeSql("SELECT 1;  -- done").statementCount).toBe(1);
    expect(analyzeSql("SELECT 1; SELECT 2").statementCount).toBe(2);
    expect(analyzeSql("/* nothing */").statementCount).toBe(0);
  });
});

/** SQLite's own view of a statement's parameters: the OP_Variable instructions in its bytecode. */
function engineParams(sql: string): Map<number, string | null> {
  const db = new Database(":memory:");
  try {
    db.exec('CREATE TABLE t (a, b, c, "a$b", "also :b", "?", "@c")');
    const explain = db.prepare(`EXPLAIN ${sql}`);
    explain.raw(true);
    const params = new Map<number, string | null>();
    for (const row of explain.all() as unknown[][]) {
      if (row[1] === "Variable") params.set(Number(row[2]), (row[5] as string | null) ?? null);
    }
    return params;
  } finally {
    db.close();
  }
}

describe("parameters", () => {
  const cases = [
    "SELECT ?, ?, ?",
    "SELECT ?3, ?1",
    "SELECT ?, ?5, ?",
    "SELECT :a, @b, $c, :a, #d",
    "SELECT ?2, :a, ?, :a, ?2",
    "SELECT :a, ?1",
    "SELECT $a::b, $x(y), :é",
    "SELECT a$b, 'not ?, :a', \"also :b\", [?], `@c`, ? FROM t -- ?, :d\n WHERE a = /* :e */ :f",
    "INSERT INTO t (a, b) VALUES (:a, ?) RETURNING :a",
    "WITH x AS (SELECT ? AS v) SELECT v, @w FROM x",
  ];
  it.each(cases)("numbers %s like SQLite", (sql) => {
    const params = analyzeSql(sql).params;
    const engine = engineParams(sql);
    for (const [index, name] of engine) expect(params[index - 1], `parameter ${index}`).toBe(name);
    expect(params.length).toBe(Math.max(0, ...engine.keys()));
  });
});

describe("classification", () => {
  it.each([
    ["SELECT 1", { isReadonly: true, changesRows: false, isExplain: false }],
    ["  values (1)", { isReadonly: true, changesRows: false }],
    ["WITH x AS (SELECT 1) SELECT * FROM x", { isReadonly: true, changesRows: false }],
    ["WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", { isReadonly: false, changesRows: true }],
    ["insert into t values (1) returning *", { isReadonly: false, changesRows: true }],
    ["REPLACE INTO t VALUES (1)", { changesRows: true }],
    ["UPDATE t SET a = (SELECT 1)", { changesRows: true }],
    ["DELETE FROM t", { changesRows: true }],
    ["EXPLAIN DELETE FROM t", { isExplain: true, isReadonly: true, changesRows: false }],
    ["CREATE TABLE u (x)", { isReadonly: false, changesRows: false }],
    ["BEGIN IMMEDIATE", { isReadonly: true, isBeginReadonly: false }],
    ["PRAGMA user_version", { isReadonly: true }],
    ["PRAGMA user_version = 3", { isReadonly: false }],
  ] as const)("%s", (sql, expected) => {
    expect(analyzeSql(sql)).toMatchObject(expected);
  });

  it("recognises libSQL's read-only BEGIN forms only", () => {
    for (const sql of ["BEGIN TRANSACTION READONLY", "begin readonly", "BEGIN READONLY TRANSACTION;"]) {
      expect(analyzeSql(sql).isBeginReadonly, sql).toBe(true);
    }
    for (const sql of ["BEGIN", "BEGIN DEFERRED", "BEGIN TRANSACTION", "SELECT 'BEGIN READONLY'"]) {
      expect(analyzeSql(sql).isBeginReadonly, sql).toBe(false);
    }
  });
});
