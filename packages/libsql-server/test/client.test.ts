import { type Client, createClient, LibsqlBatchError, LibsqlError } from "@libsql/client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers";

let server: TestServer;
let client: Client;

beforeAll(async () => {
  server = await startTestServer();
  client = createClient({ url: server.url, intMode: "bigint" });
});
afterAll(async () => {
  client.close();
  await server.close();
});

beforeEach(async () => {
  await client.executeMultiple(`
    DROP TABLE IF EXISTS v;
    DROP TABLE IF EXISTS kv;
    CREATE TABLE v (id INTEGER PRIMARY KEY, i INTEGER, f REAL, t TEXT, b BLOB, n);
    CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL);
  `);
});

const bytes = (...values: number[]) => new Uint8Array(values);
const asBytes = (value: unknown) => new Uint8Array(value as ArrayBuffer);

describe("values", () => {
  it("round-trips every type, including 64-bit integer edges", async () => {
    const cases: [bigint, number, string, Uint8Array][] = [
      [9223372036854775807n, 1.5, "héllo wörld ✓ 😀 中文", bytes(0, 1, 2, 255)],
      [-9223372036854775808n, -0.25, "", bytes()],
      [0n, 1e300, "line\nbreak\t'quote' \"dq\"", bytes(...Array.from({ length: 256 }, (_, i) => i))],
      [9007199254740993n, 2, "2", bytes(0)],
    ];
    for (const [i, f, t, b] of cases) {
      await client.execute({
        sql: "INSERT INTO v (i, f, t, b, n) VALUES (?, ?, ?, ?, ?)",
        args: [i, f, t, b, null],
      });
    }
    const rs = await client.execute(
      "SELECT i, f, t, b, n, typeof(i) ti, typeof(f) tf, typeof(b) tb FROM v ORDER BY id",
    );
    expect(rs.columns).toEqual(["i", "f", "t", "b", "n", "ti", "tf", "tb"]);
    expect(rs.columnTypes.slice(0, 4)).toEqual(["INTEGER", "REAL", "TEXT", "BLOB"]);
    expect(rs.rows).toHaveLength(cases.length);
    rs.rows.forEach((row, index) => {
      const [i, f, t, b] = cases[index]!;
      expect(row.i).toBe(i);
      expect(row.f).toBe(f);
      expect(row.t).toBe(t);
      expect(asBytes(row.b)).toEqual(b);
      expect(row.n).toBeNull();
      expect([row.ti, row.tf, row.tb]).toEqual(["integer", "real", "blob"]);
    });
  });

  it("keeps a float that has an integral value a REAL, and an integer an INTEGER", async () => {
    const rs = await client.execute({ sql: "SELECT typeof(?) a, typeof(?) b, ? c", args: [2, 2n, 3] });
    expect(rs.rows[0]).toMatchObject({ a: "real", b: "integer", c: 3 });
  });

  it("returns non-finite floats and big integer arithmetic exactly", async () => {
    const rs = await client.execute("SELECT 9e999 AS inf, -9e999 AS ninf, 9223372036854775806 + 1 AS max");
    expect(rs.rows[0]).toMatchObject({ inf: Number.POSITIVE_INFINITY, ninf: Number.NEGATIVE_INFINITY });
    expect(rs.rows[0]?.max).toBe(9223372036854775807n);
  });

  it("reports full 64-bit last_insert_rowid and affected row counts", async () => {
    await client.execute({ sql: "INSERT INTO v (id) VALUES (?)", args: [9223372036854775806n] });
    const rs = await client.execute("INSERT INTO v (i) VALUES (1)");
    expect(rs.lastInsertRowid).toBe(9223372036854775807n);
    const upd = await client.execute("UPDATE v SET i = 2");
    expect(upd.rowsAffected).toBe(2);
    const ret = await client.execute("DELETE FROM v WHERE i = 2 RETURNING id");
    expect(ret.rowsAffected).toBe(2);
    expect(ret.rows.map((r) => r.id)).toEqual([9223372036854775806n, 9223372036854775807n]);
    const sel = await client.execute("SELECT 1");
    expect(sel.rowsAffected).toBe(0);
  });

  it("gives numbers by default intMode and refuses unsafe integers there", async () => {
    const plain = createClient({ url: server.url });
    try {
      const rs = await plain.execute("SELECT 42 AS x");
      expect(rs.rows[0]?.x).toBe(42);
      await expect(plain.execute("SELECT 9223372036854775807")).rejects.toThrow(RangeError);
    } finally {
      plain.close();
    }
  });
});

describe("arguments", () => {
  it("binds positional, numbered and named parameters with or without prefix", async () => {
    const pos = await client.execute({ sql: "SELECT ? AS a, ? AS b", args: [1n, "x"] });
    expect(pos.rows[0]).toMatchObject({ a: 1n, b: "x" });
    const numbered = await client.execute({ sql: "SELECT ?2 AS a, ?1 AS b, ?2 AS c", args: ["one", "two"] });
    expect(numbered.rows[0]).toMatchObject({ a: "two", b: "one", c: "two" });
    const named = await client.execute({
      sql: "SELECT :a AS a, @b AS b, $c AS c, :a AS again",
      args: { a: 1n, "@b": 2n, $c: 3n },
    });
    expect(named.rows[0]).toMatchObject({ a: 1n, b: 2n, c: 3n, again: 1n });
  });

  it("rejects missing and surplus arguments instead of binding NULL", async () => {
    await expect(client.execute({ sql: "SELECT ?, ?", args: [1] })).rejects.toMatchObject({
      code: "ARGS_INVALID",
    });
    await expect(client.execute({ sql: "SELECT ?", args: [1, 2] })).rejects.toMatchObject({
      code: "ARGS_INVALID",
    });
    await expect(client.execute({ sql: "SELECT :a", args: { b: 1 } })).rejects.toMatchObject({
      code: "ARGS_INVALID",
    });
  });

  it("rejects more than one statement in execute", async () => {
    await expect(client.execute("SELECT 1; SELECT 2")).rejects.toMatchObject({ code: "SQL_MANY_STATEMENTS" });
    expect((await client.execute("SELECT 1; -- trailing comment\n")).rows).toHaveLength(1);
  });
});

describe("batches", () => {
  it.each(["write", "read", "deferred"] as const)("runs a %s batch", async (mode) => {
    await client.execute("INSERT INTO kv VALUES ('a', 1)");
    const stmts =
      mode === "read"
        ? ["SELECT v FROM kv WHERE k = 'a'", "SELECT count(*) AS n FROM kv"]
        : ["INSERT INTO kv VALUES ('b', 2)", "UPDATE kv SET v = v + 10", "SELECT sum(v) AS s FROM kv"];
    const results = await client.batch(stmts, mode);
    expect(results).toHaveLength(stmts.length);
    if (mode === "read") expect(results[1]?.rows[0]?.n).toBe(1n);
    else expect(results[2]?.rows[0]?.s).toBe(23n);
  });

  it.each(["write", "deferred"] as const)("rolls back a %s batch when a statement fails", async (mode) => {
    const batch = client.batch(
      [
        { sql: "INSERT INTO kv VALUES (?, ?)", args: ["x", 1] },
        { sql: "INSERT INTO kv VALUES (?, ?)", args: ["y", 2] },
        { sql: "INSERT INTO kv VALUES (?, ?)", args: ["x", 3] },
      ],
      mode,
    );
    const error = await batch.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibsqlBatchError);
    // the server's message is the cause's; the client 0.18 prefixes the code to a batch error twice
    expect(error).toMatchObject({
      code: "SQLITE_CONSTRAINT",
      statementIndex: 2,
      message: expect.stringMatching(/^SQLITE_CONSTRAINT: .*SQLite error: UNIQUE constraint failed: kv\.k$/),
      cause: { message: "SQLite error: UNIQUE constraint failed: kv.k" },
    });
    expect((await client.execute("SELECT count(*) AS n FROM kv")).rows[0]?.n).toBe(0n);
  });

  it("refuses writes in a read batch and in a read transaction", async () => {
    await expect(client.batch(["INSERT INTO kv VALUES ('r', 1)"], "read")).rejects.toMatchObject({
      code: "SQLITE_READONLY",
    });
    const tx = await client.transaction("read");
    expect((await tx.execute("SELECT count(*) AS n FROM kv")).rows[0]?.n).toBe(0n);
    await expect(tx.execute("INSERT INTO kv VALUES ('r', 1)")).rejects.toMatchObject({
      code: "SQLITE_READONLY",
    });
    await tx.rollback();
    // the guard is gone once the read transaction is over
    await client.batch(["INSERT INTO kv VALUES ('w', 1)"], "write");
    expect((await client.execute("SELECT count(*) AS n FROM kv")).rows[0]?.n).toBe(1n);
  });
});

describe("interactive transactions", () => {
  it("commits, rolls back, and isolates uncommitted writes", async () => {
    const other = createClient({ url: server.url, intMode: "bigint" });
    try {
      const tx = await client.transaction("write");
      await tx.execute("INSERT INTO kv VALUES ('t1', 1)");
      expect((await tx.execute("SELECT count(*) AS n FROM kv")).rows[0]?.n).toBe(1n);
      expect((await other.execute("SELECT count(*) AS n FROM kv")).rows[0]?.n).toBe(0n);
      await tx.commit();
      expect((await other.execute("SELECT count(*) AS n FROM kv")).rows[0]?.n).toBe(1n);

      const tx2 = await client.transaction("deferred");
      await tx2.batch(["INSERT INTO kv VALUES ('t2', 2)", "INSERT INTO kv VALUES ('t3', 3)"]);
      await tx2.rollback();
      expect((await other.execute("SELECT k FROM kv")).rows.map((r) => r.k)).toEqual(["t1"]);
    } finally {
      other.close();
    }
  });

  it("keeps a transaction usable after a failing statement", async () => {
    const tx = await client.transaction("write");
    await tx.execute("INSERT INTO kv VALUES ('a', 1)");
    await expect(tx.execute("INSERT INTO kv VALUES ('a', 2)")).rejects.toBeInstanceOf(LibsqlError);
    await tx.execute("INSERT INTO kv VALUES ('b', 2)");
    await tx.commit();
    expect((await client.execute("SELECT count(*) AS n FROM kv")).rows[0]?.n).toBe(2n);
  });

  it("lands 20 concurrent write transactions and 20 concurrent inserts", async () => {
    const clients = Array.from({ length: 20 }, () => createClient({ url: server.url, intMode: "bigint" }));
    try {
      await Promise.all(
        clients.map(async (c, i) => {
          const tx = await c.transaction("write");
          const before = await tx.execute("SELECT coalesce(max(v), 0) AS m FROM kv");
          await tx.execute({
            sql: "INSERT INTO kv VALUES (?, ?)",
            args: [`tx${i}`, Number(before.rows[0]?.m) + 1],
          });
          await tx.commit();
        }),
      );
      await Promise.all(
        clients.map((c, i) => c.execute({ sql: "INSERT INTO kv VALUES (?, 0)", args: [`ins${i}`] })),
      );
      const rs = await client.execute("SELECT count(*) AS n, max(v) AS m FROM kv");
      expect(rs.rows[0]).toMatchObject({ n: 40n, m: 20n }); // serialised: each saw the previous commit
    } finally {
      for (const c of clients) c.close();
    }
  });
});

describe("stream isolation", () => {
  it("starts every stream on a connection as good as new", async () => {
    await client.execute("PRAGMA foreign_keys = OFF");
    await client.execute("CREATE TEMP TABLE scratch (x)");
    await client.execute("BEGIN"); // abandoned: the stream closes right after
    for (let i = 0; i < 10; i++) {
      expect((await client.execute("PRAGMA foreign_keys")).rows[0]?.foreign_keys).toBe(1n);
      await expect(client.execute("SELECT * FROM temp.scratch")).rejects.toThrow(/no such table/);
      await client.execute({ sql: "INSERT INTO kv VALUES (?, ?)", args: [`iso${i}`, i] }); // autocommits
    }
    const other = createClient({ url: server.url });
    expect((await other.execute("SELECT count(*) AS n FROM kv")).rows[0]?.n).toBe(10);
    other.close();
  });
});

describe("errors", () => {
  it("maps engine errors to LibsqlError codes and keeps the client usable", async () => {
    const syntax = await client.execute("SELEKT 1").catch((e: unknown) => e);
    expect(syntax).toBeInstanceOf(LibsqlError);
    expect(syntax).toMatchObject({ code: "SQLITE_ERROR", message: expect.stringContaining("syntax error") });

    await expect(client.execute("SELECT * FROM missing_table")).rejects.toThrow(/no such table/);
    expect((await client.execute("SELECT v FROM kv")).rows).toEqual([]);
  });

  it("reports constraint failures exactly as sqld does: the primary code and 'SQLite error: ...'", async () => {
    await client.executeMultiple(`
      DROP TABLE IF EXISTS u;
      CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT UNIQUE, n INTEGER CHECK (n < 10),
        parent INTEGER REFERENCES u (id));
      INSERT INTO u (id, email, n) VALUES (1, 'a@x', 1);
    `);
    const failures: [string, string][] = [
      ["INSERT INTO kv VALUES ('k', 1), ('k', 2)", "UNIQUE constraint failed: kv.k"], // PRIMARY KEY
      ["INSERT INTO u (id, email) VALUES (1, 'b@x')", "UNIQUE constraint failed: u.id"], // INTEGER PRIMARY KEY
      ["INSERT INTO u (email) VALUES ('a@x')", "UNIQUE constraint failed: u.email"],
      ["INSERT INTO kv VALUES ('z', NULL)", "NOT NULL constraint failed: kv.v"],
      ["UPDATE u SET n = 10", "CHECK constraint failed: n < 10"],
      ["INSERT INTO u (parent) VALUES (99)", "FOREIGN KEY constraint failed"],
    ];
    for (const [sql, text] of failures) {
      const error = await client.execute(sql).catch((e: unknown) => e);
      expect(error, sql).toBeInstanceOf(LibsqlError);
      // sqld sends the primary result code (SQLITE_CONSTRAINT_UNIQUE etc. appear nowhere: Hrana's
      // Error has only `message` and `code`), so @libsql/client 0.18 over HTTP has no extended code.
      expect(error, sql).toMatchObject({
        code: "SQLITE_CONSTRAINT",
        extendedCode: undefined,
        rawCode: undefined,
        message: `SQLITE_CONSTRAINT: SQLite error: ${text}`,
      });
    }
    expect((await client.execute("SELECT count(*) AS n FROM kv")).rows[0]?.n).toBe(0n);
  });
});

describe("executeMultiple", () => {
  it("runs a sequence, including a trigger body with semicolons", async () => {
    await client.executeMultiple(`
      CREATE TABLE log (msg TEXT);
      CREATE TRIGGER kv_log AFTER INSERT ON kv BEGIN
        INSERT INTO log VALUES ('inserted ' || new.k);
        INSERT INTO log VALUES ('value ' || new.v);
      END;
      INSERT INTO kv VALUES ('a;b', 1); -- a ';' inside a string
      /* a comment; with a semicolon */
      INSERT INTO kv VALUES ('c', 2)
    `);
    const logs = await client.execute("SELECT msg FROM log ORDER BY rowid");
    expect(logs.rows.map((r) => r.msg)).toEqual(["inserted a;b", "value 1", "inserted c", "value 2"]);
    await client.executeMultiple("DROP TABLE log;");
  });

  it("stops at the first failing statement", async () => {
    await expect(
      client.executeMultiple(
        "INSERT INTO kv VALUES ('s1', 1); INSERT INTO kv VALUES ('s1', 2); INSERT INTO kv VALUES ('s3', 3);",
      ),
    ).rejects.toMatchObject({ code: "SQLITE_CONSTRAINT" });
    expect((await client.execute("SELECT k FROM kv")).rows.map((r) => r.k)).toEqual(["s1"]);
  });
});

describe("WebSocket URLs", () => {
  it("fails a ws:// client with a message that says to use HTTP", async () => {
    const ws = createClient({ url: server.url.replace(/^http:/, "ws:") });
    try {
      const error = await ws.execute("SELECT 1").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LibsqlError);
      expect(error).toMatchObject({
        code: "HRANA_WEBSOCKET_ERROR",
        message: expect.stringContaining(
          "This server speaks Hrana over HTTP only: use an http:// URL (POST /v2/pipeline or /v3/pipeline)",
        ),
      });
    } finally {
      ws.close();
    }
  });

  it("serves a libsql:// URL, which @libsql/client speaks over HTTP", async () => {
    const libsql = createClient({ url: `${server.url.replace(/^http:/, "libsql:")}?tls=0` });
    try {
      expect((await libsql.execute("SELECT 1 AS one")).rows[0]?.one).toBe(1);
    } finally {
      libsql.close();
    }
  });
});

describe("round trips", () => {
  it("counts each request a client makes: an execute, a batch, a whole transaction's steps", async () => {
    const before = server.roundTrips();
    await client.execute("SELECT 1");
    await client.batch(["SELECT 1", "SELECT 2", "SELECT 3"], "read");
    expect(server.roundTrips() - before).toBe(2);
    const tx = await client.transaction("read");
    await tx.execute("SELECT 1");
    await tx.execute("SELECT 2");
    await tx.commit();
    expect(server.roundTrips() - before).toBeGreaterThanOrEqual(4);
  });
});
