/**
 * Messages per second from API acceptance to the provider on the local stack, with workerd's peak
 * memory, next to the provider's own ceiling measured in the same run.
 *
 *   cd bench && pnpm exec tsx send.bench.ts [--n 5000]
 *
 * (a) The whole path: `POST /v1/emails/batch` (100 a request, 4 at once) on the API worker → the
 *     libSQL database (one transaction a batch: messages, events, the credit debit) → the delivery
 *     queue → the delivery worker (claim, provider call, outcome and event) → a Resend-wire sink in
 *     this process. Timed from the first request to the last message the sink accepted, and until
 *     every message is `sent` in the database.
 * (b) The reference: the same sink taking N Resend requests straight from Node, 6 at a time (the
 *     delivery worker's concurrency): what the provider side alone allows here.
 * Peak memory is the workerd process's VmHWM (Linux /proc), for all the workers together. Database
 * round trips are counted at the local libSQL server (each is a network hop to Turso in production).
 */
import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { messages } from "@edgepost/db";
import { startResendSink } from "@edgepost/local-stack/resend-sink";
import { sql } from "drizzle-orm";
import { startBenchStack, workerdPeakKb } from "./bench-stack";

const { values } = parseArgs({ options: { n: { type: "string" } } });
const N = Math.max(100, Math.round(Number(values.n ?? 5000) / 100) * 100);

async function untilAccepted(sink: { deliveries: Map<string, number> }, n: number): Promise<void> {
  while (sink.deliveries.size < n) await new Promise((r) => setTimeout(r, 20));
}

const sink = await startResendSink("re_bench");
// The sink is on this machine: the outbound policy lets accounts reach it only because it is named.
const { dataDir, stack, db } = await startBenchStack("send", { OUTBOUND_ALLOW: new URL(sink.endpoint).host });
try {
  const { info } = stack;
  const call = (path: string, method: string, body: unknown, key = info.apiKey) =>
    fetch(`${info.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  await call(
    `/operator/v1/accounts/${info.accountId}/credits`,
    "POST",
    { wallet: "email", amount: N, reference: "bench" },
    info.operatorKey,
  );
  const resend = `resend://re_bench@api.resend.com?endpoint=${encodeURIComponent(sink.endpoint)}`;
  const set = await call("/v1/account/email-provider", "PUT", { url: resend });
  if (set.status !== 200) throw new Error(`setting the provider answered ${set.status}: ${await set.text()}`);

  const batch = (b: number) =>
    Array.from({ length: 100 }, (_, i) => ({
      from: `Bench <bench@${info.senderDomain}>`,
      to: `Reader ${b * 100 + i} <reader-${b * 100 + i}@example.com>`,
      subject: `Your weekly digest, reader ${b * 100 + i}`,
      html: `<p>Hello reader ${b * 100 + i},</p><p>${"Here is what happened this week. ".repeat(20)}</p>`,
    }));
  const tripsBefore = stack.databaseRoundTrips();
  const started = performance.now();
  for (let b = 0; b < N / 100; b += 4) {
    await Promise.all(
      [b, b + 1, b + 2, b + 3]
        .filter((x) => x < N / 100)
        .map(async (x) => {
          const res = await call("/v1/emails/batch", "POST", { emails: batch(x) });
          if (res.status !== 202) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
        }),
    );
  }
  const acceptedMs = performance.now() - started;
  await untilAccepted(sink, N);
  const deliveredMs = performance.now() - started;
  let polls = 0;
  for (;;) {
    polls += 1;
    const [open] = await db
      .select({ n: sql<number>`count(*)` })
      .from(messages)
      .where(sql`${messages.category} = 'transactional' and ${messages.status} <> 'sent'`);
    if (open?.n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const recordedMs = performance.now() - started;
  // Every round trip the libSQL server served for the workers (the polls above are this script's).
  const trips = stack.databaseRoundTrips() - tripsBefore - polls;
  const peak = await workerdPeakKb();
  db.$client.close();

  // (b) the provider side alone, from Node, 6 requests at a time.
  const body = JSON.stringify({
    from: "bench@example.com",
    to: ["r@example.com"],
    subject: "s",
    html: "<p>x</p>",
  });
  const refStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < N) {
        const i = next++;
        await fetch(`${sink.endpoint}/emails`, {
          method: "POST",
          headers: {
            authorization: "Bearer re_bench",
            "idempotency-key": `ref-${i}`,
            "content-type": "application/json",
          },
          body,
        }).then((r) => r.text());
      }
    }),
  );
  const refMs = performance.now() - refStart;

  const rate = (ms: number) => `${Math.round((N / ms) * 1000).toLocaleString("en")} msg/s`;
  console.log(`send.bench: ${N.toLocaleString("en")} emails, Node ${process.version}`);
  console.log(
    `  accepted by the API (202)              ${(acceptedMs / 1000).toFixed(1)} s   ${rate(acceptedMs)}`,
  );
  console.log(
    `  API accept → provider sink (all)       ${(deliveredMs / 1000).toFixed(1)} s   ${rate(deliveredMs)}`,
  );
  console.log(
    `  … and every message recorded as sent   ${(recordedMs / 1000).toFixed(1)} s   ${rate(recordedMs)}`,
  );
  console.log(`  reference: the sink alone from Node    ${(refMs / 1000).toFixed(1)} s   ${rate(refMs)}`);
  console.log(`  ratio (whole path / sink alone)        ${(refMs / recordedMs).toFixed(3)}`);
  console.log(`  workerd peak RSS (all the workers)     ${peak ? `${Math.round(peak / 1024)} MiB` : "n/a"}`);
  console.log(`  sink: ${sink.deliveries.size} accepted, ${sink.requests()} requests`);
  console.log(
    `  database round trips, accept + deliver  ${trips.toLocaleString("en")} (${(trips / N).toFixed(2)} per message)`,
  );
} finally {
  await stack.close();
  await sink.close();
  await rm(dataDir, { recursive: true, force: true });
}
