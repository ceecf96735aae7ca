/**
 * Malformed input never breaks the API nor writes anything: for every operation of the OpenAPI
 * document that takes a JSON body, generated bodies its own schema refuses, or whose text the
 * database cannot keep (U+0000, half a surrogate pair), are answered with a 4xx problem naming the
 * fields, and every table holds as many rows afterwards as before. Generated text is full of control
 * characters, those among them.
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

/** Characters a text column cannot keep: the API refuses them wherever they are. */
const UNSTORABLE = ["\u0000", "\uD800", "\uDBFF", "\uDC00", "\uDFFF"];
/** Characters that are unusual but kept: controls, separators, bidirectional marks, noncharacters. */
const UNUSUAL = [
  "\u0001",
  "\b",
  "\t",
  "\n",
  "\r",
  "\u001B",
  "\u001F",
  "\u007F",
  "\u0085",
  "\u2028",
  "\u202E",
  "\uFEFF",
  "\uFFFE",
  "\uFFFF",
];
/** One character of generated text: often one of those, else printable ASCII. */
const textUnit = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom(...UNSTORABLE, ...UNUSUAL) },
  { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
);
const anyText = fc.string({ unit: textUnit });
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+0000 is what it looks for.
const UNSTORABLE_TEXT = /\u0000|\p{Surrogate}/u;

const anyJson = fc.jsonValue({ maxDepth: 3, stringUnit: textUnit });
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

type Path = (string | number)[];

/** The paths of the strings in a JSON value, at any depth. */
function stringPaths(value: unknown, path: Path = []): Path[] {
  if (typeof value === "string") return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...path, i]));
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...path, k]));
  return [];
}

/** A copy of the JSON value with the value at `path` replaced. */
function withValueAt(json: unknown, path: Path, value: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (Array.isArray(json)) return json.map((v, i) => (i === head ? withValueAt(v, rest, value) : v));
  const object = isObject(json) ? { ...json } : {};
  object[head] = withValueAt(object[head], rest, value);
  return object;
}

/**
 * Where a JSON value holds text the database cannot keep, as the API names it (`to.0.name`; a field
 * name at fault with what it cannot keep escaped, `a\u0000b`).
 */
function unstorablePlaces(value: unknown, path: Path = []): string[] {
  if (typeof value === "string") return UNSTORABLE_TEXT.test(value) ? [path.join(".")] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorablePlaces(v, [...path, i]));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const badName = UNSTORABLE_TEXT.test(key);
    const at = [...path, badName ? JSON.stringify(key).slice(1, -1) : key];
    return [...(badName ? [at.join(".")] : []), ...unstorablePlaces(v, at)];
  });
}

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
  const strings = stringPaths(example);
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
        fc.array(fc.tuple(fc.oneof(riskyKey, anyText), anyJson), { minLength: 1, maxLength: 5 }),
        fc
          .constantFrom(...keys)
          .chain((k) => ofAnotherType(example[k]).map((v): [string, unknown] => [k, v])),
      )
      .map(
        ([extra, wrong]): Body => ({
          json: objectOf([...entries.filter(([k]) => k !== wrong[0]), wrong, ...extra]),
        }),
      ),
    "the example with control characters in its strings": fc
      .subarray(strings, { minLength: Math.min(1, strings.length) })
      .chain((chosen) =>
        fc.tuple(
          ...chosen.map((at) =>
            fc
              .tuple(anyText, fc.constantFrom(...UNSTORABLE), anyText)
              .map(([before, unstorable, after]): [Path, string] => [at, `${before}${unstorable}${after}`]),
          ),
        ),
      )
      .map(
        (changes): Body => ({
          json: changes.reduce<unknown>((json, [at, value]) => withValueAt(json, at, value), example),
        }),
      ),
    "text that is not JSON": fc
      .oneof(
        anyText,
        fc.string({ unit: "binary" }),
        fc.nat({ max: text.length - 1 }).map((n) => text.slice(0, n)),
        fc.string({ minLength: 1 }).map((tail) => text + tail),
        fc.constant(text.replaceAll('"', "'")),
      )
      .map((raw): Body => ({ text: raw })),
  };
}

const RUNS: Record<keyof ReturnType<typeof malformed>, number> = {
  "any JSON value": 12,
  "the example with fields removed": 8,
  "the example with fields of the wrong type": 8,
  "the example with huge strings": 5,
  "the example with unexpected fields (and one wrong)": 8,
  "the example with control characters in its strings": 8,
  "text that is not JSON": 6,
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
    // Without a string in the example, there is none to put control characters in.
    if (kind === "the example with control characters in its strings" && stringPaths(example).length === 0) {
      continue;
    }
    it(
      `refuses ${kind} with a 4xx problem and writes nothing`,
      async () => {
        const caller = callerOf(op);
        const refused = arbitrary.filter((body) => {
          const json = parsed(body);
          if (json === undefined || unstorablePlaces(json.value).length > 0) return true;
          return schema?.safeParse(json.value).success === false;
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
            const json = parsed(body);
            if (problem.code === "invalid_input" && isObject(json?.value)) {
              expect(problem.errors?.map((e) => e.path).filter(Boolean), answer).not.toEqual([]);
            }
            // Text only the database would refuse: 400 naming each place of it.
            const unstorable = json ? unstorablePlaces(json.value) : [];
            const storable = json !== undefined && schema?.safeParse(json.value).success === true;
            if (
              unstorable.length > 0 &&
              (storable || kind === "the example with control characters in its strings")
            ) {
              expect(res.status, answer).toBe(400);
              const named = new Set(problem.errors?.map((e) => e.path));
              expect(
                unstorable.filter((place) => !named.has(place)),
                answer,
              ).toEqual([]);
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
