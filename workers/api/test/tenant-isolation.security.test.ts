/**
 * Account B's credentials never reach account A's data, for every operation of the OpenAPI document:
 * the cases are made from the document itself, so a route added later is covered without editing this.
 */
import { accounts } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  credentialsFor,
  exampleBody,
  hasPathParameter,
  instantiate,
  jsonBodyOf,
  loadDocument,
  needsCaller,
  type Operation,
  operationsOf,
  sendDirect as send,
} from "./operations";
import { anotherKey, db, newSignedInTenant, newTenant, type Tenant } from "./seed";

const doc = await loadDocument();
const operations = operationsOf(doc);
/** Everything a customer's credentials can call: all of /v1 but getting in, which has no caller. */
const customers = operations.filter((op) => op.path.startsWith("/v1/") && !op.path.startsWith("/v1/auth/"));
const onOneResource = customers.filter((op) => hasPathParameter(op.path));
const reads = customers.filter((op) => !hasPathParameter(op.path) && op.method === "GET");
const writes = customers.filter((op) => !hasPathParameter(op.path) && op.method !== "GET");
const cases = (ops: Operation[]) => ops.map((op) => [op.name, op] as const);

/** Ids as the API makes them (`acc_…`, `key_…`, …), to find A's anywhere in an answer. */
const ID = /\b[a-z]{3,4}_[0-9a-z]{26}\b/g;
/** Fields that change by themselves between two reads. */
const VOLATILE = new Set(["lastUsedAt", "exportedAt"]);
const TIMEOUT = 60_000;

let a: Tenant;
/** Every id (and the owner's address) that A's own reads show: none may appear in an answer to B. */
const ofA = new Set<string>();
const unmade: string[] = [];

beforeAll(async () => {
  a = await newTenant();
  // Each test makes A a resource; seats are the one limit that would stop it.
  await db.update(accounts).set({ extraSeats: 50 }).where(eq(accounts.id, a.accountId));
  for (const path of new Set(onOneResource.map((op) => op.path))) {
    await instantiate(doc, path, a).catch((error: unknown) => unmade.push(`${path}: ${error}`));
  }
  for (const id of [a.accountId, a.ownerId, a.keyId, a.ownerEmail]) ofA.add(id);
  // Making A's resources spent most of a minute's requests of its first key.
  a = { ...a, headers: (await anotherKey(a.accountId)).headers };
  for (const id of JSON.stringify(await stateOf(a)).match(ID) ?? []) ofA.add(id);
}, TIMEOUT);

// A fresh key for A in each test keeps A's reads under the per-key rate limit.
beforeEach(async () => {
  a = { ...a, headers: (await anotherKey(a.accountId)).headers };
});

/** B: a fresh account each time, signed in for operations that take only a session. */
function newB(op: Operation): Promise<Tenant> {
  const schemes = (op.spec.security ?? []).flatMap((requirement) => Object.keys(requirement));
  return schemes.includes("session") && !schemes.includes("apiKey") ? newSignedInTenant() : newTenant();
}

/** What A sees through every read of the API (and the extra paths), less the fields that drift. */
async function stateOf(owner: Tenant, extra: string[] = []) {
  const state: Record<string, unknown> = {};
  for (const path of [...reads.map((op) => op.path), ...extra]) {
    const res = await send("GET", path, owner.headers);
    if (res.status === 429 || res.status >= 500) throw new Error(`A's GET ${path} answered ${res.status}`);
    state[path] = res.ok ? withoutVolatile(await res.json()) : res.status;
  }
  return state;
}

function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !VOLATILE.has(key))
      .map(([key, v]) => [key, withoutVolatile(v)]),
  );
}

async function problemOf(res: Response) {
  const text = await res.text();
  try {
    return { status: res.status, code: (JSON.parse(text) as { code?: unknown }).code };
  } catch {
    return { status: res.status, body: text };
  }
}

describe("the operations, from the OpenAPI document", () => {
  it("include reads, writes and operations on one resource, and A has one resource of every kind", () => {
    expect(onOneResource.length).toBeGreaterThan(0);
    expect(reads.length).toBeGreaterThan(0);
    expect(writes.length).toBeGreaterThan(0);
    expect(unmade).toEqual([]);
  });
});

describe("B calling an operation on one of A's resources, by its id", () => {
  it.each(cases(onOneResource))(
    "%s answers 404 not_found and leaves the resource as it was",
    async (_, op) => {
      const target = await instantiate(doc, op.path, a);
      const resource = target.resource!;
      const readsIt = doc.paths[resource.template]?.get ? [resource.path] : [];
      const before = await stateOf(a, readsIt);
      expect(JSON.stringify(before), `no read of the API shows A's ${resource.id}`).toContain(resource.id);

      const b = await newB(op);
      const res = await send(op.method, target.path, credentialsFor(op, b), exampleBody(doc, op));
      expect(await problemOf(res)).toEqual({ status: 404, code: "not_found" });
      expect(await stateOf(a, readsIt)).toEqual(before);
    },
    TIMEOUT,
  );
});

describe("B reading a collection", () => {
  it.each(cases(reads))(
    "%s shows none of A's ids, even with A's ids in its query",
    async (_, op) => {
      const b = await newB(op);
      const paths = [op.path];
      for (const param of op.spec.parameters ?? []) {
        const pattern = param.in === "query" ? param.schema?.pattern : undefined;
        const id = pattern ? [...ofA].find((candidate) => new RegExp(pattern).test(candidate)) : undefined;
        if (id) paths.push(`${op.path}?${param.name}=${encodeURIComponent(id)}`);
      }
      for (const path of paths) {
        const res = await send("GET", path, credentialsFor(op, b));
        const text = await res.text();
        expect(res.status, `${path}: ${text}`).toBe(200);
        expect(
          [...ofA].filter((id) => text.includes(id)),
          `A's ids in B's ${path}`,
        ).toEqual([]);
      }
    },
    TIMEOUT,
  );
});

describe("B writing to its own account", () => {
  it.each(cases(writes))(
    "%s changes nothing of A's",
    async (_, op) => {
      const b = await newB(op);
      const before = await stateOf(a);
      const res = await send(op.method, op.path, credentialsFor(op, b), exampleBody(doc, op));
      expect(res.status, await res.text()).toBeLessThan(500);
      expect(await stateOf(a)).toEqual(before);
    },
    TIMEOUT,
  );
});

describe("no credentials", () => {
  it.each(cases(operations.filter(needsCaller)))(
    "%s answers 401 problem+json",
    async (_, op) => {
      const path = op.path.replaceAll(/\{[^}]+\}/g, "x");
      const body = jsonBodyOf(doc, op) ? exampleBody(doc, op) : undefined;
      const res = await send(op.method, path, {}, body);
      expect(res.status).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 401, code: "unauthorized" });
    },
    TIMEOUT,
  );
});
