/**
 * Messages per second from API acceptance to the provider on the local stack, next to what the
 * provider side alone takes from Node in the same run, in interleaved rounds.
 *
 *   cd bench && pnpm exec tsx send.bench.ts [--n 2000] [--rounds 3] [--paragraphs 6]
 *
 * Two providers, each a stand-in speaking the real wire format, on this machine:
 * - per message: SES v2 (`POST /v2/email/outbound-emails`, SigV4-signed, one request a message);
 * - batch: Resend (`POST /emails/batch`, 100 messages a request).
 * Each round, for each provider, in alternating order:
 * (a) the whole path: `POST /v1/emails/batch` (100 a request, 4 at once) on the API worker → the
 *     libSQL database → the delivery queue → the delivery worker (one claim a batch, the provider
 *     call, one write of the outcomes) → the sink; timed until every message is `sent` in the database;
 * (b) the reference: the same adapter (`sesProvider`, `resendProvider`) sending the same messages
 *     from Node straight to the same sink, as the delivery worker would (SES: 6 requests at once;
 *     Resend: one batch of 100 at a time, as one queue consumer sends them).
 * Bodies are a notification's size (about 3 KB of HTML and 3 KB of text; `--paragraphs` scales them). Ratios are (a)/(b) per round;
 * the median and range over the rounds are printed. Database round trips are counted at the
 * local libSQL server: the delivery worker's (its own token) per delivered message, and the
 * API's per accepted one. workerd's memory: after start-up and its peak.
 */
import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { messages } from "@edgepost/db";
import { startResendSink } from "@edgepost/local-stack/resend-sink";
import { startSesSink } from "@edgepost/local-stack/ses-sink";
import type { EmailMessage } from "@edgepost/messaging/port";
import { sql } from "drizzle-orm";
import { resendProvider } from "../packages/messaging/src/email/resend-provider";
import { sesProvider } from "../packages/messaging/src/email/ses-provider";
import { startBenchStack, workerdPeakKb, workerdRssKb } from "./bench-stack";

const { values } = parseArgs({
  options: { n: { type: "string" }, rounds: { type: "string" }, paragraphs: { type: "string" } },
});
const N = Math.max(100, Math.round(Number(values.n ?? 2000) / 100) * 100);
const ROUNDS = Math.max(1, Number(values.rounds ?? 3));
/** Paragraphs of about 500 characters, in the HTML and again in the text: 6 make a 6 KB email. */
const PARAGRAPHS = Math.max(1, Number(values.paragraphs ?? 6));
/** Messages in one delivery queue batch (workers/delivery/wrangler.jsonc). */
const QUEUE_BATCH = 100;

const resend = await startResendSink("re_bench");
const ses = await startSesSink();
// The sinks are on this machine: the outbound policy lets accounts reach them only because they are named.
const allow = [resend.endpoint, ses.endpoint].map((url) => new URL(url).host).join(", ");
const { dataDir, stack, db } = await startBenchStack("send", { OUTBOUND_ALLOW: allow });
const startedKb = await workerdRssKb();

const paragraph =
  "Here is what happened this week at the workshop: new arrivals, a recipe from our kitchen, and the dates of the spring market. ";
const html = (i: number) =>
  `<html><body><h1>Weekly digest</h1><p>Hello reader ${i},</p>${`<p>${paragraph.repeat(4)}</p>`.repeat(PARAGRAPHS)}<p><a href="https://shop.example/unsubscribe">Unsubscribe</a></p></body></html>`;
const text = (i: number) => `Hello reader ${i},\n\n${`${paragraph.repeat(4)}\n\n`.repeat(PARAGRAPHS)}`;

const PROVIDERS = {
  "per message (SES)": {
    url: `ses://AKIDBENCH:bench-secret@eu-central-1?endpoint=${encodeURIComponent(ses.endpoint)}`,
    adapter: sesProvider({
      accessKeyId: "AKIDBENCH",
      secretAccessKey: "bench-secret",
      region: "eu-central-1",
      endpoint: ses.endpoint,
    }),
  },
  "batch (Resend)": {
    url: `resend://re_bench@api.resend.com?endpoint=${encodeURIComponent(resend.endpoint)}`,
    adapter: resendProvider({ apiKey: "re_bench", endpoint: resend.endpoint }),
  },
} as const;
type Case = keyof typeof PROVIDERS;

try {
  const { info } = stack;
  const call = (path: string, method: string, body: unknown, key = info.apiKey) =>
    fetch(`${info.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const credits = await call(
    `/operator/v1/accounts/${info.accountId}/credits`,
    "POST",
    { wallet: "email", amount: N * ROUNDS * 2, reference: "bench" },
    info.operatorKey,
  );
  if (credits.status !== 200) throw new Error(`credits answered ${credits.status}`);

  let sequence = 0;
  const email = (i: number) => ({
    from: `Bench <bench@${info.senderDomain}>`,
    to: `Reader ${i} <reader-${i}@example.com>`,
    subject: `Your weekly digest, reader ${i}`,
    html: html(i),
    text: text(i),
  });

  /** (a): N messages through the API and the delivery worker; ms until all are recorded as sent. */
  async function wholePath(name: Case) {
    const set = await call("/v1/account/email-provider", "PUT", { url: PROVIDERS[name].url });
    if (set.status !== 200)
      throw new Error(`setting the provider answered ${set.status}: ${await set.text()}`);
    const first = sequence;
    sequence += N;
    const tripsBefore = stack.databaseRoundTrips();
    const deliveryBefore = stack.databaseRoundTrips("delivery");
    const started = performance.now();
    for (let b = 0; b < N / 100; b += 4) {
      await Promise.all(
        [b, b + 1, b + 2, b + 3]
          .filter((x) => x < N / 100)
          .map(async (x) => {
            const emails = Array.from({ length: 100 }, (_, i) => email(first + x * 100 + i));
            const res = await call("/v1/emails/batch", "POST", { emails });
            if (res.status !== 202) throw new Error(`batch answered ${res.status}: ${await res.text()}`);
          }),
      );
    }
    const acceptedMs = performance.now() - started;
    // By the status index: a poll must not read every message (it shares the machine).
    const open = async () =>
      (
        await db
          .select({ n: sql<number>`count(*)` })
          .from(messages)
          .where(sql`${messages.status} in ('queued', 'sending')`)
      )[0]?.n ?? 0;
    const backlog = await open();
    let polls = 1;
    for (;;) {
      polls += 1;
      if ((await open()) === 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - started;
    const delivery = stack.databaseRoundTrips("delivery") - deliveryBefore;
    const accept = stack.databaseRoundTrips() - tripsBefore - delivery - polls;
    // What was left when the last request was accepted, sent with nothing else running.
    const drain = backlog >= 200 ? (backlog / (ms - acceptedMs)) * 1000 : undefined;
    return { ms, delivery, accept, drain };
  }

  /** (b): the same messages, built as the worker builds them, from Node to the same sink. */
  async function reference(name: Case) {
    const { adapter } = PROVIDERS[name];
    const first = sequence;
    sequence += N;
    const built: EmailMessage[] = Array.from({ length: N }, (_, i) => {
      const m = email(first + i);
      return {
        from: { email: `bench@${info.senderDomain}`, name: "Bench" },
        to: [{ email: `reader-${first + i}@example.com`, name: `Reader ${first + i}` }],
        subject: m.subject,
        html: m.html,
        text: m.text,
        headers: { "X-Edgepost-Message-Id": `ref-${first + i}` },
        idempotencyKey: `ref-${first + i}`,
      };
    });
    const started = performance.now();
    // A queue batch at a time, through the adapter's own `sendBatch`, as the delivery worker does.
    for (let at = 0; at < N; at += QUEUE_BATCH) {
      const answers = await adapter.sendBatch(built.slice(at, at + QUEUE_BATCH), {
        idempotencyKey: `ref-${first}-${at}`,
      });
      const failed = answers.find((a) => !a.ok);
      if (failed) throw new Error(`the reference send failed: ${JSON.stringify(failed)}`);
    }
    return performance.now() - started;
  }

  const results: Record<
    Case,
    { ratio: number; rate: number; delivery: number; accept: number; drain: number | undefined }[]
  > = {
    "per message (SES)": [],
    "batch (Resend)": [],
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(PROVIDERS) as Case[]) {
      // Which of the two goes first alternates, so that drift favours neither.
      const first = round % 2 === 0;
      const refFirst = first ? await reference(name) : undefined;
      const whole = await wholePath(name);
      const refMs = refFirst ?? (await reference(name));
      results[name].push({
        ratio: refMs / whole.ms,
        rate: (N / whole.ms) * 1000,
        delivery: whole.delivery / N,
        accept: whole.accept / N,
        drain: whole.drain,
      });
      const refRate = Math.round((N / refMs) * 1000);
      console.log(
        `  round ${round + 1} ${name.padEnd(18)} whole path ${Math.round((N / whole.ms) * 1000)} msg/s, sink alone ${refRate} msg/s`,
      );
    }
  }
  const peak = await workerdPeakKb();
  db.$client.close();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const range = (xs: number[], digits: number) =>
    `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
  console.log(
    `send.bench: ${N.toLocaleString("en")} emails of ${((html(0).length + text(0).length) / 1024).toFixed(1)} KB a round, ${ROUNDS} rounds, Node ${process.version}`,
  );
  for (const name of Object.keys(PROVIDERS) as Case[]) {
    const rows = results[name];
    const ratios = rows.map((r) => r.ratio);
    const rates = rows.map((r) => r.rate);
    console.log(`  ${name}`);
    console.log(
      `    whole path (API accept → every message sent)  median ${Math.round(median(rates))} msg/s (${range(rates, 0)})`,
    );
    console.log(
      `    ratio to the sink alone                       median ${median(ratios).toFixed(2)} (${range(ratios, 2)})`,
    );
    const drains = rows.flatMap((r) => (r.drain === undefined ? [] : [r.drain]));
    if (drains.length > 0) {
      console.log(
        `    delivery alone (the backlog once all accepted) median ${Math.round(median(drains))} msg/s (${range(drains, 0)})`,
      );
    }
    console.log(
      `    database round trips per message              delivery ${median(rows.map((r) => r.delivery)).toFixed(3)}, accept ${median(rows.map((r) => r.accept)).toFixed(3)}`,
    );
  }
  const mib = (kb: number | undefined) => (kb ? `${Math.round(kb / 1024)} MiB` : "n/a");
  console.log(`  workerd memory (all the workers)  after start-up ${mib(startedKb)}, peak ${mib(peak)}`);
  console.log(
    `  sinks: Resend ${resend.requests()} requests, ${resend.replays()} replays; SES ${ses.requests()} requests`,
  );
} finally {
  await stack.close();
  await resend.close();
  await ses.close();
  await rm(dataDir, { recursive: true, force: true });
}
