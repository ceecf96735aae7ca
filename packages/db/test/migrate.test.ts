import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { accounts, newId } from "../src";
import { migrateDatabase } from "../src/migrate";
import { createNodeDb } from "../src/node";

const dir = mkdtempSync(join(tmpdir(), "edgepost-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("migrateDatabase", () => {
  it("creates the schema in a new file and is idempotent", async () => {
    const url = `file:${join(dir, "m.db")}`;
    await migrateDatabase({ url });
    await migrateDatabase({ url });
    const db = createNodeDb({ url });
    const id = newId("acc");
    await db.insert(accounts).values({
      id,
      name: "Acme",
      street: "Bahnhofstrasse 1",
      postcode: "8001",
      city: "Zürich",
      country: "CH",
      industry: "software",
      currency: "CHF",
      vatCategory: "ch",
      professionalUseConfirmedAt: new Date(),
      cycleAnchorAt: new Date(),
    });
    const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
    expect(row?.status).toBe("active");
    expect(row?.createdAt).toBeInstanceOf(Date);
    expect(Math.abs((row?.createdAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    const tables = await db.$client.execute(
      "select name from sqlite_master where type = 'table' order by name",
    );
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "accounts",
        "users",
        "api_keys",
        "audit_log",
        "job_runs",
        "__drizzle_migrations",
      ]),
    );
    db.$client.close();
  });
});
