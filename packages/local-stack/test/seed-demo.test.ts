import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyApiKey } from "@edgepost/core";
import { accounts, senderDomains } from "@edgepost/db";
import { migrateDatabase } from "@edgepost/db/migrate";
import { createNodeDb } from "@edgepost/db/node";
import { afterAll, describe, expect, it } from "vitest";
import { seedDemo } from "../src/seed-demo";

const dir = mkdtempSync(join(tmpdir(), "edgepost-seed-"));
const url = `file:${join(dir, "seed.db")}`;
await migrateDatabase({ url });
const db = createNodeDb({ url });
const pending: Promise<unknown>[] = [];
const ctx = { db, now: () => new Date(), waitUntil: (work: Promise<unknown>) => pending.push(work) };
const secret = "seed-test-signing-secret-0123456789abcdef";
afterAll(async () => {
  await Promise.allSettled(pending);
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("seedDemo", () => {
  it("creates one demo account with a working key, and keeps using a remembered key", async () => {
    const first = await seedDemo(ctx, secret);
    expect(await verifyApiKey({ ctx, input: { key: first.apiKey } })).toMatchObject({
      accountId: first.accountId,
    });
    expect(await seedDemo(ctx, secret, first.apiKey)).toEqual(first);
    expect(await db.$count(accounts)).toBe(1);
  });

  it("gives the demo account one verified sender domain, and the DNS records that verify it", async () => {
    const demo = await seedDemo(ctx, secret);
    const domains = await db.select().from(senderDomains);
    expect(domains).toMatchObject([
      { accountId: demo.accountId, domain: "demo.edgepost.localhost", status: "verified" },
    ]);
    expect(demo.dnsRecords["_edgepost.demo.edgepost.localhost"]).toEqual([
      `edgepost-verification=${domains[0]?.verificationToken}`,
    ]);
    expect(Object.keys(demo.dnsRecords).sort()).toEqual([
      "_dmarc.demo.edgepost.localhost",
      "_edgepost.demo.edgepost.localhost",
      "demo.edgepost.localhost",
      "edgepost._domainkey.demo.edgepost.localhost",
    ]);
  });

  it("gives the same demo account a new key when the remembered one is lost or no longer works", async () => {
    const first = await seedDemo(ctx, secret);
    const lost = await seedDemo(ctx, secret);
    const broken = await seedDemo(ctx, secret, `ep_test_${"0".repeat(40)}`);
    expect(new Set([first.apiKey, lost.apiKey, broken.apiKey]).size).toBe(3);
    expect(new Set([first.accountId, lost.accountId, broken.accountId]).size).toBe(1);
    expect(await db.$count(accounts)).toBe(1);
  });
});
