import { fileURLToPath } from "node:url";
import { eq, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { blob, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers";

const migrationsFolder = fileURLToPath(new URL("./fixtures/migrations", import.meta.url));

const authors = sqliteTable("authors", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  balance: integer("balance").notNull().default(0),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});
const posts = sqliteTable("posts", {
  id: text("id").primaryKey(),
  authorId: integer("author_id")
    .notNull()
    .references(() => authors.id, { onDelete: "cascade" }),
  title: text("title").notNull(),
  body: blob("body", { mode: "buffer" }),
  published: integer("published", { mode: "boolean" }).notNull().default(false),
});

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("drizzle through the server", () => {
  it("applies migrations once and then queries the schema", async () => {
    const db = drizzle({ connection: { url: server.url } });
    await migrate(db, { migrationsFolder });
    await migrate(db, { migrationsFolder }); // idempotent
    const applied = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM __drizzle_migrations`);
    expect(applied[0]?.n).toBe(2);

    const [author] = await db
      .insert(authors)
      .values({ name: "Ada", balance: Number.MAX_SAFE_INTEGER, createdAt: new Date(1_700_000_000_000) })
      .returning();
    expect(author).toMatchObject({ id: 1, name: "Ada", balance: Number.MAX_SAFE_INTEGER });
    expect(author?.createdAt.getTime()).toBe(1_700_000_000_000);

    await db.insert(posts).values({ id: "p1", authorId: 1, title: "Hello", body: Buffer.from([0, 1, 2]) });
    const rows = await db.select().from(posts).where(eq(posts.authorId, 1));
    expect(rows).toEqual([
      { id: "p1", authorId: 1, title: "Hello", body: Buffer.from([0, 1, 2]), published: false },
    ]);

    // foreign keys are enforced (as on Turso), cascades included
    await expect(db.insert(posts).values({ id: "p2", authorId: 99, title: "orphan" })).rejects.toThrow();
    await db.delete(authors).where(eq(authors.id, 1));
    expect(await db.select().from(posts)).toEqual([]);

    // a unique violation rolls back the whole drizzle transaction
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(authors).values({ name: "Bob", createdAt: new Date() });
        await tx.insert(authors).values({ name: "Bob", createdAt: new Date() });
      }),
    ).rejects.toMatchObject({
      cause: {
        code: "SQLITE_CONSTRAINT",
        cause: { message: "SQLite error: UNIQUE constraint failed: authors.name" },
      },
    });
    expect(await db.select().from(authors)).toEqual([]);

    const batch = await db.batch([
      db.insert(authors).values({ name: "Cy", createdAt: new Date() }),
      db.select({ n: sql<number>`count(*)` }).from(authors),
    ]);
    expect(batch[1]).toEqual([{ n: 1 }]);
    db.$client.close();
  });
});
