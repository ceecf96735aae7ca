import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase } from "@edgepost/db/migrate";
import { createNodeDb } from "@edgepost/db/node";
import { afterAll } from "vitest";
import { createAccount } from "../src/accounts/create-account";
import type { Ctx, Principal } from "../src/context";

/** A fresh, migrated libSQL database file for one test file, removed afterwards. */
export async function freshCtx(clock: { now: Date } = { now: new Date() }): Promise<Ctx> {
  const dir = mkdtempSync(join(tmpdir(), "edgepost-core-"));
  const url = `file:${join(dir, "test.db")}`;
  await migrateDatabase({ url });
  const db = createNodeDb({ url });
  afterAll(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, now: () => clock.now };
}

export async function newAccount(ctx: Ctx, name = "Acme"): Promise<Principal> {
  const { accountId, ownerId } = await createAccount({
    ctx,
    input: { name, country: "CH", ownerEmail: `${crypto.randomUUID()}@example.com` },
  });
  return { accountId, actor: ownerId, scopes: ["*"] };
}
