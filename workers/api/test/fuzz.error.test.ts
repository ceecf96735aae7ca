/**
 * Malformed input never breaks the API nor writes anything: for every operation of the OpenAPI
 * document that takes a JSON body, generated bodies its own schema refuses are answered with a 4xx
 * problem, and every table holds as many rows afterwards as before.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ZodType } from "zod";
import { createApp } from "../src/app";
import {
  type Body,
  credentialsFor,
  exampleBody,
  instantiate,
  jsonBodyOf,
  loadDocument,
  type Operation,
  operationsOf,
  sendDirect,
} from "./operations";
import { anotherKey, newTenant, rowCounts, type Tenant } from "./seed";

/** Fixed, so that a failure is found again by the next run; fast-check prints it with the input. */
const SEED = 20_260_420;
/** A new key after this many calls keeps the caller under the per-key rate limit. */
const CALLS_PER_KEY = 50;
const TIMEOUT = 60_000;

const doc = await loadDocument();
const withJsonBody = operationsOf(doc).filter((op) => jsonBodyOf(doc, op));

/** The zod schema each route validates its JSON body with, to send only what it refuses. */
const schemas = new Map<string, ZodType>();
for (const definition of createApp().openAPIRegistry.definitions) {
  if (definition.type !== "route") continue;
  const media = definition.route.request?.body?.content["application/json"];
  if (media && "schema" in media && media.schema instanceof ZodType) {
    schemas.set(`${definition.route.method.toUpperCase()} ${definition.route.path}`, media.schema);
  }
}

let a: Tenant;
beforeAll(async () => {
  a = await newTenant();
});

const anyJson = fc.jsonValue({ maxDepth: 3 });
const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => typeOf(v) === "object";
const ofAnotherType = (v: unknown) => anyJson.filter((w) => typeOf(w) !== typeOf(v));
/** Up to a megabyte of one character, in a field that expects a short string, a number or a flag. */
const huge = fc
  .tuple(fc.integer({ min: 10_000, max: 250_000 }), fc.constantFrom("a", "é", "😀", " ", "\u0000", '"', "0"))
  .map(([n, c]) => c.repeat(n));
/** Field names a careless merge would act on. */
const riskyKey = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "id",
  "accountId",
  "role",
);

/** Own, enumerable properties even for `__proto__`, so that they reach the wire as sent. */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** Every way of malforming an operation's example body, by the name of its test. */
function malformed(example: Record<string, unknown>) {
  const keys = Object.keys(example);
  const entries = Object.entries(example);
  const text = JSON.stringify(example);
  const replaced = (values: fc.Arbitrary<[string, unknown][]>) =>
    values.map((changes) =>
      objectOf([...entries.filter(([k]) => !changes.some(([c]) => c === k)), ...changes]),
    );
  const someFields = <T>(value: (key: string) => fc.Arbitrary<T>) =>
    fc
      .subarray(keys, { minLength: 1 })
      .chain((chosen) => fc.tuple(...chosen.map((k) => value(k).map((v): [string, T] => [k, v]))));
  return {
    "any JSON value": anyJson.map((json): Body => ({ json })),
    "the example with fields removed": fc
      .subarray(keys, { minLength: 1 })
      .map((gone): Body => ({ json: objectOf(entries.filter(([k]) => !gone.includes(k))) })),
    "the example with fields of the wrong type": replaced(someFields((k) => ofAnotherType(example[k]))).map(
      (json): Body => ({ json }),
    ),
    "the example with huge strings": replaced(someFields(() => huge)).map((json): Body => ({ json })),
    "the example with unexpected fields (and one wrong)": fc
      .tuple(
        fc.array(fc.tuple(fc.oneof(riskyKey, fc.string()), anyJson), { minLength: 1, maxLength: 5 }),
        fc
          .constantFrom(...keys)
          .chain((k) => ofAnotherType(example[k]).map((v): [string, unknown] => [k, v])),
      )
      .map(
        ([extra, wrong]): Body => ({
          json: objectOf([...entries.filter(([k]) => k !== wrong[0]), wrong, ...extra]),
        }),
      ),
    "text that is not JSON": fc
      .oneof(
        fc.string(),
        fc.string({ unit: "binary" }),
        fc.nat({ max: text.length - 1 }).map((n) => text.slice(0, n)),
        fc.string({ minLength: 1 }).map((tail) => text + tail),
        fc.constant(text.replaceAll('"', "'")),
      )
      .map((raw): Body => ({ text: raw })),
  };
}

const RUNS: Record<keyof ReturnType<typeof malformed>, number> = {
  "any JSON value": 15,
  "the example with fields removed": 8,
  "the example with fields of the wrong type": 10,
  "the example with huge strings": 5,
  "the example with unexpected fields (and one wrong)": 8,
  "text that is not JSON": 8,
};

/** What the server makes of a body: the JSON value it parses, or undefined for text that is not JSON. */
function parsed(body: Body): { value: unknown } | undefined {
  try {
    return { value: JSON.parse("json" in body ? JSON.stringify(body.json) : body.text) };
  } catch {
    return undefined;
  }
}

/** The caller's credentials, with a fresh key every CALLS_PER_KEY calls. */
function callerOf(op: Operation) {
  let calls = CALLS_PER_KEY;
  let tenant = a;
  return async () => {
    if (calls++ >= CALLS_PER_KEY) {
      tenant = { ...a, headers: (await anotherKey(a.accountId)).headers };
      calls = 1;
    }
    return credentialsFor(op, tenant);
  };
}

describe.each(withJsonBody.map((op) => [op.name, op] as const))("%s", (_, op) => {
  const schema = schemas.get(op.name);
  const example = jsonBodyOf(doc, op)?.example;
  let path = op.path;
  beforeAll(async () => {
    path = (await instantiate(doc, op.path, a)).path;
  }, TIMEOUT);

  it("documents an example body that its schema accepts", () => {
    expect(schema, "the route's body is not a zod schema this suite can read").toBeInstanceOf(ZodType);
    expect(exampleBody(doc, op)).toBeDefined();
    expect(schema?.safeParse(example).error?.issues).toBeUndefined();
    expect(isObject(example), "the example is a JSON object").toBe(true);
  });

  const arbitraries = isObject(example) ? malformed(example) : {};
  for (const [kind, arbitrary] of Object.entries(arbitraries) as [keyof typeof RUNS, fc.Arbitrary<Body>][]) {
    // With every field optional, no removal makes the body invalid: there is no such case to try.
    if (kind === "the example with fields removed" && schema?.safeParse({}).success) continue;
    it(
      `refuses ${kind} with a 4xx problem and writes nothing`,
      async () => {
        const caller = callerOf(op);
        const refused = arbitrary.filter((body) => {
          const json = parsed(body);
          return json === undefined || schema?.safeParse(json.value).success === false;
        });
        await fc.assert(
          fc.asyncProperty(refused, async (body) => {
            const headers = await caller();
            const before = await rowCounts();
            const res = await sendDirect(op.method, path, headers, body);
            const answer = await res.text();
            const after = await rowCounts();

            expect(res.status, answer).toBeGreaterThanOrEqual(400);
            expect(res.status, answer).toBeLessThan(500);
            expect(res.headers.get("content-type")).toBe("application/problem+json");
            const problem = JSON.parse(answer) as { code?: unknown; errors?: { path: string }[] };
            expect(problem.code).toEqual(expect.any(String));
            expect(problem.code, "the caller's key is over its rate limit").not.toBe("rate_limited");
            if (problem.code === "invalid_input" && isObject(parsed(body)?.value)) {
              expect(problem.errors?.map((e) => e.path).filter(Boolean), answer).not.toEqual([]);
            }
            expect(after).toEqual(before);
          }),
          { seed: SEED, numRuns: RUNS[kind] },
        );
      },
      TIMEOUT,
    );
  }
});

describe("the document", () => {
  it("lists sign-up among the operations with a JSON body", () => {
    expect(withJsonBody.map((op) => op.name)).toContain("POST /v1/auth/sign-up");
  });
});
