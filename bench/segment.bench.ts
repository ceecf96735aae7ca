/**
 * A segment's count and first page over 1,000,000 contacts through the API, next to the same SQL run
 * straight on the database in the same run, in alternating rounds.
 *
 *   cd bench && pnpm exec tsx segment.bench.ts [--n 1000000] [--runs 10]
 *
 * The demo account of a fresh local stack gets n contacts, written into the database directly
 * (INSERT … SELECT from a recursive CTE, 100,000 rows a statement, the counts' triggers firing as for
 * any write): attributes `plan` (one in five "pro"), `score` (0–999) and `city` (eight cities); a
 * third of them on a list, one in seven of those unsubscribed. Four segments are made through the
 * API: an attribute equal to a value, a numeric range, a list status, and the list status with two
 * attributes under `all`.
 * (a) `GET /v1/segments/{id}/count` and `GET /v1/segments/{id}/contacts?limit=50` on the API worker.
 * (b) The reference: the filter compiled by the same code the API uses and the same two queries
 *     (`compileSegmentCount`; newest 51 by id) sent by Node's libSQL client to the same libSQL
 *     server, without the worker, authentication, the segment's lookup and the field and list checks.
 * (c) For counts, also the count as it was made before the kept counts (ADR 0012): `count(*)` of
 *     the contacts matching the compiled filter, over the same server.
 * Each is run once untimed, then R rounds of (a) and (b) (and (c)), the order alternating from round
 * to round; printed: the median and the range of each, in milliseconds, and the median and range of
 * the rounds' ratios (a)/(b). All three are checked to agree on the count, (a) and (b) on the page.
 */
import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { contacts } from "@edgepost/db";
import { desc, type SQL, sql } from "drizzle-orm";
import { compileSegmentFilter } from "../packages/core/src/segments/compile";
import { compileSegmentCount } from "../packages/core/src/segments/compile-count";
import type { SegmentFilter } from "../packages/core/src/segments/filter";
import { startBenchStack } from "./bench-stack";

const { values } = parseArgs({ options: { n: { type: "string" }, runs: { type: "string" } } });
const N = Math.max(1000, Number(values.n ?? 1_000_000));
const RUNS = Math.max(1, Number(values.runs ?? 10));
const SEED_ROWS = 100_000;
const CITIES = ["Zürich", "Genève", "Lausanne", "Bern", "Basel", "Lugano", "Winterthur", "St. Gallen"];

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** `median [min–max]` of the values, with `digits` decimals. */
function spread(values: number[], digits: number): string {
  const f = (v: number) => v.toFixed(digits);
  return `${f(median(values))} [${f(Math.min(...values))}–${f(Math.max(...values))}]`;
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await run();
  return [performance.now() - started, result];
}

const { dataDir, stack, db } = await startBenchStack("segment");
try {
  const { info } = stack;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${info.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${info.apiKey}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const fields = [
    ["plan", "Plan", "text"],
    ["score", "Score", "number"],
    ["city", "City", "text"],
  ] as const;
  for (const [key, label, type] of fields) await call("POST", "/v1/contact-fields", { key, label, type });
  const list = await call<{ id: string }>("POST", "/v1/lists", { name: "Newsletter", doubleOptIn: false });

  // n contacts, ids in creation order (`con_` and 26 digits), a third of them on the list.
  const seedStart = performance.now();
  const base = Date.UTC(2025, 0, 1);
  // Integers written into the SQL: the client would bind a JS number as a float.
  const int = (n: number) => sql.raw(String(Math.trunc(n)));
  for (let from = 0; from < N; from += SEED_ROWS) {
    const to = Math.min(N, from + SEED_ROWS) - 1;
    const seq = sql`with recursive seq(i) as (select ${int(from)} union all select i + 1 from seq where i < ${int(to)})`;
    await db.run(sql`${seq}
      insert into contacts (id, account_id, email, phone, attributes, created_at, updated_at)
      select 'con_' || printf('%026d', i), ${info.accountId}, 'reader.' || i || '@example.com',
        case when i % 10 = 0 then '+4179' || printf('%07d', i / 10) end,
        json_object('plan', case when i % 5 = 0 then 'pro' else 'free' end, 'score', (i * 37) % 1000,
          'city', json_extract(${JSON.stringify(CITIES)}, '$[' || ((i * 7) % ${int(CITIES.length)}) || ']')),
        ${int(base)} + i * 1000, ${int(base)} + i * 1000
      from seq`);
    await db.run(sql`${seq}
      insert into list_memberships (account_id, list_id, contact_id, status, created_at, updated_at)
      select ${info.accountId}, ${list.id}, 'con_' || printf('%026d', i),
        case when i % 7 = 0 then 'unsubscribed' else 'subscribed' end, ${int(base)} + i * 1000, ${int(base)} + i * 1000
      from seq where i % 3 = 0`);
  }
  const seedSeconds = (performance.now() - seedStart) / 1000;

  const segments: { name: string; filter: SegmentFilter }[] = [
    { name: "Pro plan", filter: { field: "attributes.plan", op: "eq", value: "pro" } },
    {
      name: "Score 250–499",
      filter: {
        all: [
          { field: "attributes.score", op: "gte", value: 250 },
          { field: "attributes.score", op: "lt", value: 500 },
        ],
      },
    },
    { name: "Subscribed", filter: { list: list.id, status: "subscribed" } },
    {
      name: "Subscribed, pro, in Zürich",
      filter: {
        all: [
          { list: list.id, status: "subscribed" },
          { field: "attributes.plan", op: "eq", value: "pro" },
          { field: "attributes.city", op: "eq", value: "Zürich" },
        ],
      },
    },
  ];
  const scope = {
    accountId: info.accountId,
    fields: new Map(fields.map(([key, , type]) => [key, type])),
    lists: new Set([list.id]),
    now: new Date(),
  };

  console.log(
    `segment.bench: ${N.toLocaleString("en")} contacts (seeded in ${seedSeconds.toFixed(1)} s), ${RUNS} rounds after one warm-up, Node ${process.version}`,
  );
  console.log(
    `${"segment".padEnd(28)} ${"matches".padStart(9)}   ${"query".padEnd(16)} ${"API p50 [range]".padStart(24)} ${"SQL p50 [range]".padStart(24)}   ${"API/SQL by round".padStart(20)}   count before (scan)`,
  );
  for (const { name, filter } of segments) {
    const segment = await call<{ id: string }>("POST", "/v1/segments", { name, filter });
    const where = compileSegmentFilter(scope, filter);
    const counted = async (query: SQL) => String((await db.all<{ count: number }>(query))[0]?.count);
    // Each answers with what they must agree on: the count, or the page's ids.
    const cases = [
      {
        query: "count",
        api: async () =>
          String((await call<{ count: number }>("GET", `/v1/segments/${segment.id}/count`)).count),
        sql: () => counted(compileSegmentCount(scope, filter)),
        before: () => counted(sql`select count(*) as count from ${contacts} where ${where}`),
      },
      {
        query: "first page (50)",
        api: async () =>
          (
            await call<{ items: { id: string }[] }>("GET", `/v1/segments/${segment.id}/contacts?limit=50`)
          ).items
            .map((c) => c.id)
            .join(),
        sql: async () =>
          (
            await db
              .select({
                id: contacts.id,
                email: contacts.email,
                phone: contacts.phone,
                attributes: contacts.attributes,
                createdAt: contacts.createdAt,
                updatedAt: contacts.updatedAt,
              })
              .from(contacts)
              .where(where)
              .orderBy(desc(contacts.id))
              .limit(51)
          )
            .slice(0, 50)
            .map((c) => c.id)
            .join(),
        before: undefined,
      },
    ];
    let matches = "";
    for (const { query, api, sql: direct, before } of cases) {
      const [fromApi, fromSql, fromBefore] = [await api(), await direct(), await before?.()];
      if (fromApi !== fromSql) throw new Error(`${name}, ${query}: the API and the SQL disagree`);
      if (fromBefore !== undefined && fromBefore !== fromSql) {
        throw new Error(`${name}, ${query}: the kept counts say ${fromSql}, the contacts ${fromBefore}`);
      }
      if (query === "count") matches = Number(fromApi).toLocaleString("en");
      const times = { api: [] as number[], sql: [] as number[], before: [] as number[] };
      const ratios: number[] = [];
      for (let round = 0; round < RUNS; round++) {
        const steps = [
          async () => times.api.push((await timed(api))[0]),
          async () => times.sql.push((await timed(direct))[0]),
          ...(before ? [async () => times.before.push((await timed(before))[0])] : []),
        ];
        for (const step of round % 2 ? steps.reverse() : steps) await step();
        ratios.push((times.api.at(-1) ?? Number.NaN) / (times.sql.at(-1) ?? Number.NaN));
      }
      const first = query === "count";
      console.log(
        `${(first ? name : "").padEnd(28)} ${(first ? matches : "").padStart(9)}   ${query.padEnd(16)} ${spread(times.api, 1).padStart(24)} ${spread(times.sql, 1).padStart(24)}   ${spread(ratios, 2).padStart(20)}   ${before ? spread(times.before, 1) : ""}`,
      );
    }
  }
  console.log("(times in ms)");
  db.$client.close();
} finally {
  await stack.close();
  await rm(dataDir, { recursive: true, force: true });
}
