import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DeliveryMessage } from "@edgepost/contracts";
import { migrateDatabase } from "@edgepost/db/migrate";
import { createNodeDb } from "@edgepost/db/node";
import { afterAll } from "vitest";
import { createAccount } from "../src/accounts/create-account";
import type { AccountCtx, AuthCtx, Ctx } from "../src/context";
import type { FileStore } from "../src/transfers/file-store";

export interface TestCtx extends Ctx {
  /** Waits for everything handed to `waitUntil`, as the Workers runtime would before shutting down. */
  settle(): Promise<void>;
}

/** A fresh, migrated libSQL database file for one test file, removed afterwards. */
export async function freshCtx(clock: { now: Date } = { now: new Date() }): Promise<TestCtx> {
  const dir = mkdtempSync(join(tmpdir(), "edgepost-core-"));
  const url = `file:${join(dir, "test.db")}`;
  await migrateDatabase({ url });
  const db = createNodeDb({ url });
  afterAll(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const pending: Promise<unknown>[] = [];
  return {
    db,
    now: () => clock.now,
    waitUntil: (work) => pending.push(work),
    settle: async () => {
      await Promise.all(pending.splice(0));
    },
  };
}

/** A new active account, and the context of its owner acting on it. */
export async function newAccount(ctx: Ctx, name = "Acme"): Promise<AccountCtx> {
  const { accountId, ownerId } = await createAccount({
    ctx,
    input: {
      street: "Rue du Lac 1",
      postcode: "1003",
      city: "Lausanne",
      industry: "software",
      professionalUse: true,
      name,
      country: "CH",
      ownerEmail: `${crypto.randomUUID()}@example.com`,
    },
  });
  return { ...ctx, principal: { accountId, accountStatus: "active", actor: ownerId, scopes: ["*"] } };
}

/** The delivery queue as the verbs see it, keeping what they queued (the worker side is tested in workerd). */
export function collectingQueue(sent: DeliveryMessage[] = [], fail = false) {
  return {
    sent,
    send: async (message: DeliveryMessage) => {
      if (fail) throw new Error("queue full");
      sent.push(message);
    },
    sendBatch: async (messages: Iterable<{ body: DeliveryMessage }>) => {
      if (fail) throw new Error("queue full");
      for (const message of messages) sent.push(message.body);
    },
  };
}

/**
 * What the jobs need besides the database and the delivery queue, for the jobs these Node tests run:
 * none of them touches files or transfers (those jobs are tested in workerd, with R2 and queues).
 */
export const noTransfers = {
  files: new Proxy({} as FileStore, {
    get: (_, name) => () =>
      Promise.reject(new Error(`object storage (${String(name)}) is not part of this test`)),
  }),
  transfers: { send: async () => Promise.reject(new Error("the transfers queue is not part of this test")) },
};

/** The sign-up and link verbs' context over a fresh database; the emails they queue land in `sent`. */
export async function freshAuthCtx(clock: { now: Date }) {
  const base = await freshCtx(clock);
  const sent: DeliveryMessage[] = [];
  const ctx: AuthCtx = {
    ...base,
    delivery: collectingQueue(sent),
    signingSecret: "a-signing-secret-for-tests-only-0123456789",
    linkBase: "https://api.edgepost.test",
    ip: "203.0.113.7",
    userAgent: "vitest",
  };
  return { base, ctx, sent };
}

/** A complete sign-up form. */
export const signUpForm = {
  companyName: "Atelier Soleil",
  street: "Rue de Bourg 12",
  postcode: "1003",
  city: "Lausanne",
  country: "CH",
  industry: "retail_ecommerce",
  name: "Camille Soleil",
  password: "correct horse battery",
  professionalUse: true,
} as const;
