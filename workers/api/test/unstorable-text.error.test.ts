/**
 * Text the database cannot keep is refused wherever a request carries it, never stored cut short:
 * U+0000 (the engine hands text back cut at it) and half a surrogate pair (it has no UTF-8). For every
 * string field of every operation's JSON body in the OpenAPI document, every field name of its maps
 * and every text query parameter, such a value answers 400 naming that field, and no table changes.
 * The cases come from the document, so a route added later is covered without editing this.
 */
import { consentEvents } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type Body,
  credentialsFor,
  exampleBody,
  instantiate,
  jsonBodyOf,
  loadDocument,
  needsCaller,
  type Operation,
  operationsOf,
  sendDirect,
} from "./operations";
import { anotherKey, db, newSignedInTenant, newTenant, type Tenant } from "./seed";

/** What the API's OpenAPI document says of a JSON value, as far as finding its strings needs. */
interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

type Path = (string | number)[];

/** Where a string goes in a body: a value, or (`name`) the name of a field of a map. */
interface Place {
  path: Path;
  name?: true;
}

const doc = await loadDocument();
const schemas = (doc.components?.schemas ?? {}) as Record<string, JsonSchema>;
const operations = operationsOf(doc);
const withJsonBody = operations.filter((op) => jsonBodyOf(doc, op));
const withTextQuery = operations.filter((op) => textQueryParameters(op).length > 0);

/** The characters refused, by name: one per way a text cannot be kept. */
const UNSTORABLE = { "U+0000": "\u0000", "half a surrogate pair (U+D800)": "\uD800" } as const;
/** A new key after this many calls keeps the caller under the per-key rate limit. */
const CALLS_PER_KEY = 50;
/** Columns that change by themselves on an authenticated call, by table. */
const VOLATILE: Record<string, string[]> = {
  api_keys: ["last_used_at"],
  sessions: ["last_seen_at", "expires_at"],
};
const TIMEOUT = 120_000;

/** Every place of a string in a value of the schema; a schema that holds itself is followed once. */
function stringPlaces(schema: JsonSchema, path: Path = [], seen: string[] = []): Place[] {
  if (schema.$ref !== undefined) {
    const name = schema.$ref.replace("#/components/schemas/", "");
    const target = schemas[name];
    return target && !seen.includes(name) ? stringPlaces(target, path, [...seen, name]) : [];
  }
  const types = [schema.type ?? []].flat();
  const places: Place[] = [];
  // No type at all (`{}`): any value, a string among them.
  if (types.includes("string") || (types.length === 0 && !schema.anyOf)) places.push({ path });
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    places.push(...stringPlaces(property, [...path, key], seen));
  }
  if (typeof schema.additionalProperties === "object") {
    places.push({ path, name: true });
    places.push(...stringPlaces(schema.additionalProperties, [...path, "key"], seen));
  }
  if (types.includes("array") && schema.items) places.push(...stringPlaces(schema.items, [...path, 0], seen));
  for (const branch of schema.anyOf ?? []) places.push(...stringPlaces(branch, path, seen));
  const unique = new Map(
    places.map((place) => [`${place.name ? "name " : ""}${place.path.join(".")}`, place]),
  );
  return [...unique.values()];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value with `at` replaced (what is missing on the way made, what is in the way replaced). */
function withValueAt(value: unknown, at: Path, replacement: (old: unknown) => unknown): unknown {
  const [head, ...rest] = at;
  if (head === undefined) return replacement(value);
  if (typeof head === "number") {
    const array = Array.isArray(value) ? [...value] : [];
    array[head] = withValueAt(array[head], rest, replacement);
    return array;
  }
  const object = isObject(value) ? { ...value } : {};
  object[head] = withValueAt(object[head], rest, replacement);
  return object;
}

/** The example's own text with the character in it (after its first), or a short text holding it. */
const spoiled = (old: unknown, character: string) =>
  typeof old === "string" && old !== "" ? `${old.slice(0, 1)}${character}${old.slice(1)}` : `a${character}b`;

/** The body to send and the path the answer must name: the character in a value, or in a field's name. */
function caseOf(example: unknown, place: Place, character: string): { body: unknown; named: string } {
  if (!place.name) {
    return {
      body: withValueAt(example, place.path, (old) => spoiled(old, character)),
      named: place.path.join("."),
    };
  }
  const key = `a${character}b`;
  const body = withValueAt(example, place.path, (map) => {
    const entries = isObject(map) ? map : {};
    // A value the map holds already, so that only the name is wrong.
    return { ...entries, [key]: Object.values(entries)[0] ?? "x" };
  });
  return { body, named: [...place.path, JSON.stringify(key).slice(1, -1)].join(".") };
}

function textQueryParameters(op: Operation): string[] {
  return (op.spec.parameters ?? [])
    .filter((p) => p.in === "query")
    .filter((p) => {
      const schema = (p.schema ?? {}) as JsonSchema;
      const types = [schema.type ?? []].flat();
      return types.length === 0 || types.includes("string");
    })
    .map((p) => p.name);
}

/** Every table's rows (not the migrator's), less the columns that change by themselves. */
async function tables(): Promise<Record<string, string>> {
  const names = (
    await db.$client.execute(
      "select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\' and name not like 'sqlite_%' order by name",
    )
  ).rows.map((row) => String(row.name));
  const results = await db.$client.batch(
    names.map((name) => `select * from "${name}" order by rowid`),
    "read",
  );
  return Object.fromEntries(
    names.map((name, i) => {
      const result = results[i];
      const kept = (result?.columns ?? []).flatMap((column, at) =>
        VOLATILE[name]?.includes(column) ? [] : [at],
      );
      const rows = (result?.rows ?? []).map((row) => kept.map((at) => row[at]));
      return [name, JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? String(v) : v))];
    }),
  );
}

/** The tables whose rows differ. */
function changed(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]);
}

let owner: Tenant;
let calls = 0;
/**
 * The owner's credentials for an operation, with a fresh key every CALLS_PER_KEY calls; an operation
 * without a caller is counted per client IP, so each call comes from an address of its own.
 */
async function callerFor(op: Operation): Promise<Record<string, string>> {
  if (!needsCaller(op)) return { "cf-connecting-ip": `2001:db8::${(++calls).toString(16)}` };
  if (++calls % CALLS_PER_KEY === 0)
    owner = { ...owner, headers: (await anotherKey(owner.accountId)).headers };
  return credentialsFor(op, owner);
}

/** Sends one request, and what it changed in the database. */
async function sendWatching(op: Operation, path: string, body?: Body) {
  const headers = await callerFor(op);
  const before = await tables();
  const res = await sendDirect(op.method, path, headers, body);
  const text = await res.text();
  return { res, text, changed: changed(before, await tables()) };
}

function expectRefused(sent: Awaited<ReturnType<typeof sendWatching>>, named: string) {
  const { res, text } = sent;
  expect(res.status, text).toBe(400);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const problem = JSON.parse(text) as { code?: string; errors?: { path: string; message: string }[] };
  expect(problem.code).toBe("invalid_input");
  // Told by the answer's own text: a path as parsed may hold half a surrogate pair, which the test
  // runner's report cannot carry.
  expect(
    problem.errors?.some((e) => e.path === named),
    `${named} in ${text}`,
  ).toBe(true);
  expect(sent.changed, "tables changed by a refused request").toEqual([]);
}

beforeAll(async () => {
  owner = await newSignedInTenant();
}, TIMEOUT);

/** The places of strings in an operation's JSON body. */
function bodyPlaces(op: Operation): Place[] {
  const schema = op.spec.requestBody?.content?.["application/json"]?.schema;
  return schema ? stringPlaces(schema as JsonSchema) : [];
}
const withStringsInBody = withJsonBody.filter((op) => bodyPlaces(op).length > 0);

describe.each(withStringsInBody.map((op) => [op.name, op] as const))("%s", (_, op) => {
  const example = exampleBody(doc, op);
  let path = op.path;
  beforeAll(async () => {
    path = (await instantiate(doc, op.path, owner)).path;
  }, TIMEOUT);

  const cases = bodyPlaces(op).flatMap((place) =>
    Object.entries(UNSTORABLE).map(([name, character]) => {
      const where = place.name
        ? `the name of a field of ${place.path.join(".") || "the body"}`
        : place.path.join(".");
      return [`${where}, with ${name}`, place, character] as const;
    }),
  );
  it.each(cases)(
    "refuses %s with 400 naming it, and writes nothing",
    async (_, place, character) => {
      const { body, named } = caseOf(example && "json" in example ? example.json : {}, place, character);
      expectRefused(await sendWatching(op, path, { json: body }), named);
    },
    TIMEOUT,
  );
});

describe.each(withTextQuery.map((op) => [op.name, op] as const))("%s", (_, op) => {
  let path = op.path;
  beforeAll(async () => {
    path = (await instantiate(doc, op.path, owner)).path;
  }, TIMEOUT);

  it.each(textQueryParameters(op))(
    "refuses U+0000 in the query parameter %s with 400 naming it, and writes nothing",
    async (name) => {
      const body = exampleBody(doc, op);
      expectRefused(await sendWatching(op, `${path}?${name}=a%00b`, body), name);
    },
    TIMEOUT,
  );
});

describe("the document", () => {
  it("has string fields in bodies and text in queries to try", () => {
    expect(withStringsInBody.length).toBeGreaterThan(20);
    expect(withTextQuery.length).toBeGreaterThan(5);
    const sendEmail = withJsonBody.find((op) => op.name === "POST /v1/emails");
    expect(sendEmail && bodyPlaces(sendEmail).map((p) => p.path.join("."))).toEqual(
      expect.arrayContaining(["subject", "html", "text", "attachments.0.filename", "metadata.key"]),
    );
  });
});

describe("the consent ledger", () => {
  /** A fresh account with a list and a contact, to subscribe it with. */
  async function listAndContact() {
    const tenant = await newTenant();
    const post = async (path: string, json: unknown) => {
      const res = await sendDirect("POST", path, tenant.headers, { json });
      expect(res.status, path).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const listId = await post("/v1/lists", { name: "News" });
    const contactId = await post("/v1/contacts", { email: `${crypto.randomUUID()}@example.com` });
    return { tenant, path: `/v1/lists/${listId}/contacts/${contactId}`, contactId };
  }

  const ledgerOf = (contactId: string) =>
    db
      .select({ consentText: consentEvents.consentText, userAgent: consentEvents.userAgent })
      .from(consentEvents)
      .where(eq(consentEvents.contactId, contactId));

  it("refuses a consent text or user agent holding U+0000 or half a surrogate pair, and writes no entry", async () => {
    const { tenant, path, contactId } = await listAndContact();
    const agreed = "Yes, send me the Acme newsletter.";
    const cases: [string, Record<string, string>][] = [
      ["consentText", { consentText: "Yes, send me the Acme newsletter.\u0000 Also sell my address." }],
      ["consentText", { consentText: "Yes \uD800, send me the Acme newsletter." }],
      ["userAgent", { consentText: agreed, userAgent: "Mozilla/5.0\u0000 (X11)" }],
      ["userAgent", { consentText: agreed, userAgent: "Mozilla/5.0 \uDC00" }],
    ];
    for (const [named, json] of cases) {
      const before = await tables();
      const res = await sendDirect("PUT", path, tenant.headers, { json });
      const text = await res.text();
      expectRefused({ res, text, changed: changed(before, await tables()) }, named);
    }
    expect(await ledgerOf(contactId)).toEqual([]);
  });

  it("keeps every other character of the consent text and user agent, and shows them whole", async () => {
    const { tenant, path, contactId } = await listAndContact();
    const consentText =
      "Oui 😀 👩🏽‍💻 — أوافق على النشرة \u200F\u202Eשלום\u202C; tab\t, CR\r, LF\n; " +
      "\u0001\u001F\u007F\u0085; \uFEFFBOM; U+FFFE \uFFFE, U+FFFF \uFFFF; e\u0301; 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{10FFFD}";
    const userAgent = "Mozilla/5.0 (\u202Eevil\u202C) 😀 \uFFFF\u0001";
    const res = await sendDirect("PUT", path, tenant.headers, { json: { consentText, userAgent } });
    expect(res.status, await res.text()).toBe(200);

    expect(await ledgerOf(contactId)).toEqual([{ consentText, userAgent }]);
    const proof = await sendDirect("GET", `/v1/contacts/${contactId}/consent-proof`, tenant.headers);
    const { entries } = (await proof.json()) as { entries: { consentText: string; userAgent: string }[] };
    expect(entries.map((e) => ({ consentText: e.consentText, userAgent: e.userAgent }))).toEqual([
      { consentText, userAgent },
    ]);
  });
});

describe("a body nested deeper than any schema", () => {
  it("is looked through to its end: 400 naming the field, not a 500 for running out of stack", async () => {
    const tenant = await newTenant();
    const depth = 100_000;
    const text = `{"name":${"[".repeat(depth)}"a\\u0000b"${"]".repeat(depth)}}`;
    const res = await sendDirect("POST", "/v1/lists", tenant.headers, { text });
    expect(res.status).toBe(400);
    const { errors } = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(errors.map((e) => e.path)).toEqual(["name", ["name", ...Array(depth).fill(0)].join(".")]);
    expect(errors[1]?.message).toBe("contains U+0000 (NUL), which cannot be stored");
  });
});
