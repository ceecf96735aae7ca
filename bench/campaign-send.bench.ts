/**
 * Campaign messages per second from `POST /v1/campaigns/{id}/send` to the provider on the local
 * stack, next to what the provider side alone takes from Node in the same run, in interleaved rounds.
 *
 *   cd bench && pnpm exec tsx campaign-send.bench.ts [--n 2000] [--rounds 3] [--sections 6]
 *
 * The provider is a stand-in for Resend on this machine (`POST /emails/batch`, 100 emails a
 * request, its wire format and idempotency keys); the account sends through it
 * (`resend://…?endpoint=<sink>`), on the subscription plan with a sending rate that does not pace.
 * Each round, in alternating order:
 * (a) the whole path: a campaign to a fresh list of N subscribed contacts (written straight to the
 *     database, and the campaign created as a draft, before the clock starts); timed from
 *     `POST …/send` until every recipient is `sent` in the database. That is the API's start (the
 *     audience counted against the wallet) → the transfers queue → the fan-out (recipient rows
 *     written 1,000 a write with their credits, their ids queued 100 a delivery queue message) → the
 *     delivery queue → the delivery worker (one claim with the contacts per queue message, rendering
 *     with merge fields, a signed token per recipient and tracked links, the Resend batch call, one
 *     write of the outcomes) → the sink. When the fan-out had written all N recipients
 *     (`campaigns.recipients_written`) is reported as well, with what was sent by then, and when the
 *     first recipient was seen `sent`, so the time splits into fan-out, the wait before sending and
 *     the sending once begun (first sent → last sent, also as a ratio to (b)). Both queues wait up
 *     to their `max_batch_timeout` (1 s) for a fuller batch, as Queues does (a campaign of a few
 *     thousand fills no delivery batch of 100 queue messages): that wait is in (a).
 * (b) the reference: `resendProvider`, the adapter the delivery worker uses, sending N messages
 *     from Node straight to the same sink, 100 a `sendBatch` call and one call at a time, as one
 *     queue consumer sends them. The messages are the ones the delivery worker builds (the same
 *     renderer, token, headers and List-Unsubscribe), built before the clock starts.
 * The newsletter is `--sections` sections of a heading, about 500 characters and a "read more"
 * link (4 distinct tracked links), with a preheader, the open pixel, unsubscribe and view-in-browser
 * links; its HTML is about 6 KB as sent (tracked links, token and pixel included), and the text
 * part derived from it about 4 KB.
 * Ratios are (a)/(b) in messages per second, per round; the median and range over the rounds are
 * printed. Database round trips are counted at the local libSQL server: the delivery worker's (its
 * own token) per recipient, and the rest (the API's start and the fan-out; the benchmark's own
 * polls taken off) per recipient. workerd's memory: after start-up and its peak.
 */
import { rm } from "node:fs/promises";
import { parseArgs } from "node:util";
import { accounts, contacts, listMemberships, newId } from "@edgepost/db";
import { startResendSink } from "@edgepost/local-stack/resend-sink";
import type { EmailMessage } from "@edgepost/messaging/port";
import { eq, sql } from "drizzle-orm";
import { recipientToken } from "../packages/core/src/campaigns/recipient-token";
import { campaignRenderer, trackedLinks } from "../packages/core/src/campaigns/render-campaign";
import { resendProvider } from "../packages/messaging/src/email/resend-provider";
import { startBenchStack, workerdPeakKb, workerdRssKb } from "./bench-stack";

const { values } = parseArgs({
  options: { n: { type: "string" }, rounds: { type: "string" }, sections: { type: "string" } },
});
const N = Math.max(100, Math.round(Number(values.n ?? 2000) / 100) * 100);
const ROUNDS = Math.max(1, Number(values.rounds ?? 3));
/** Sections of a heading, about 500 characters and a link: 6 make a newsletter of 6 KB of HTML as sent. */
const SECTIONS = Math.max(1, Number(values.sections ?? 6));
/** Recipients a delivery queue message carries, and emails a Resend batch call takes. */
const PER_CALL = 100;

const sink = await startResendSink("re_bench");
// The sink is on this machine: the outbound policy lets accounts reach it only because it is named.
const { dataDir, stack, db } = await startBenchStack("campaign-send", {
  OUTBOUND_ALLOW: new URL(sink.endpoint).host,
});
const startedKb = await workerdRssKb();
const adapter = resendProvider({ apiKey: "re_bench", endpoint: sink.endpoint });

const paragraph =
  "Here is what happened this week at the workshop: new arrivals, a recipe from our kitchen, and the dates of the spring market. ";
const LINKS = [
  "https://shop.example/new-arrivals",
  "https://shop.example/journal/recipe-of-the-week",
  "https://shop.example/events/spring-market",
  "https://shop.example/workshop/open-days",
];
/** The campaign's HTML, a Liquid template: merge fields, and the links every campaign message offers. */
const newsletter = `<html><body>
<p style="font-size:12px"><a href="{{ view_in_browser_url }}">View this email in your browser</a></p>
<h1>The workshop weekly</h1>
<p>Hello {{ contact.first_name }},</p>
${Array.from(
  { length: SECTIONS },
  (_, i) =>
    `<h2>From the workshop, part ${i + 1}</h2>\n<p>${paragraph.repeat(4)}</p>\n<p><a href="${LINKS[i % LINKS.length]}">Read more</a></p>`,
).join("\n")}
<p>You receive this because you subscribed at shop.example. <a href="{{ unsubscribe_url }}">Unsubscribe</a></p>
</body></html>`;
const SUBJECT = "This week at the workshop, {{ contact.first_name }}";
const PREHEADER = "New arrivals, a recipe and the spring market dates";

try {
  const { info } = stack;
  const call = async (path: string, method: string, body?: unknown, key = info.apiKey) => {
    const res = await fetch(`${info.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
  };
  const expect = (what: string, res: { status: number; text: string }, status: number) => {
    if (res.status !== status) throw new Error(`${what} answered ${res.status}: ${res.text}`);
  };

  // A sending rate that does not pace (the subscription's would spread the campaign over hours).
  await db.update(accounts).set({ sendRatePerHour: 100_000_000 }).where(eq(accounts.id, info.accountId));
  expect(
    "the contact field",
    await call("/v1/contact-fields", "POST", { key: "first_name", label: "First name", type: "text" }),
    201,
  );
  expect(
    "credits",
    await call(
      `/operator/v1/accounts/${info.accountId}/credits`,
      "POST",
      { wallet: "email", amount: N * ROUNDS + 1000, reference: "campaign-bench" },
      info.operatorKey,
    ),
    200,
  );
  expect(
    "setting the provider",
    await call("/v1/account/email-provider", "PUT", {
      url: `resend://re_bench@api.resend.com?endpoint=${encodeURIComponent(sink.endpoint)}`,
    }),
    200,
  );

  /** A list of N subscribed contacts, written straight to the database (an import's result). */
  async function listOf(name: string): Promise<string> {
    const list = await call("/v1/lists", "POST", { name, doubleOptIn: false });
    expect("the list", list, 201);
    const listId = String(list.json().id);
    const now = new Date();
    for (let start = 0; start < N; start += 500) {
      const rows = Array.from({ length: Math.min(500, N - start) }, (_, i) => ({
        id: newId("con"),
        accountId: info.accountId,
        email: `${name}-${start + i}@example.com`,
        attributes: { first_name: `Reader${start + i}` },
        createdAt: now,
        updatedAt: now,
      }));
      await db.batch([
        db.insert(contacts).values(rows),
        db.insert(listMemberships).values(
          rows.map((c) => ({
            accountId: info.accountId,
            listId,
            contactId: c.id,
            status: "subscribed" as const,
            createdAt: now,
            updatedAt: now,
          })),
        ),
      ]);
    }
    return listId;
  }

  /** Where a campaign stands, in one round trip: recipients written, and by status (by the status index). */
  const progress = async (campaignId: string) => {
    const [row] = await db.all<{ written: number; open: number; sent: number }>(sql`
      select c.recipients_written as written,
        (select count(*) from campaign_recipients r where r.campaign_id = c.id and r.status in ('pending', 'claimed')) as open,
        (select count(*) from campaign_recipients r where r.campaign_id = c.id and r.status = 'sent') as sent
      from campaigns c where c.id = ${campaignId}`);
    if (!row) throw new Error(`campaign ${campaignId} is gone`);
    return row;
  };

  /** (a): a campaign to N fresh contacts; ms until every recipient is sent, and until the fan-out ended. */
  async function wholePath(round: number) {
    const listId = await listOf(`round${round}`);
    const created = await call("/v1/campaigns", "POST", {
      name: `Weekly ${round}`,
      audience: { lists: [listId] },
      sender: { email: `news@${info.senderDomain}`, name: "The Workshop" },
      subject: SUBJECT,
      preheader: PREHEADER,
      html: newsletter,
    });
    expect("creating the campaign", created, 201);
    const id = String(created.json().id);
    const tripsBefore = stack.databaseRoundTrips();
    const deliveryBefore = stack.databaseRoundTrips("delivery");
    const started = performance.now();
    expect("sending", await call(`/v1/campaigns/${id}/send`, "POST"), 202);
    let polls = 0;
    let fannedOut: { ms: number; sent: number } | undefined;
    let firstSent: { ms: number; sent: number } | undefined;
    for (;;) {
      polls += 1;
      const now = await progress(id);
      if (!fannedOut && now.written >= N) fannedOut = { ms: performance.now() - started, sent: now.sent };
      if (!firstSent && now.sent > 0) firstSent = { ms: performance.now() - started, sent: now.sent };
      if (now.written >= N && now.open === 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const ms = performance.now() - started;
    const delivery = stack.databaseRoundTrips("delivery") - deliveryBefore;
    const rest = stack.databaseRoundTrips() - tripsBefore - delivery - polls;
    const end = await progress(id);
    if (end.sent !== N) throw new Error(`${end.sent} of ${N} recipients sent (the rest failed)`);
    if (!fannedOut || !firstSent) throw new Error("unreachable: the fan-out or the sending was not seen");
    return { ms, fannedOut, firstSent, delivery, rest };
  }

  /**
   * (b): N messages as the delivery worker builds them for a campaign (the same renderer, token,
   * headers), built first, then sent from Node to the same sink, a queue message's 100 at a time.
   */
  async function reference(round: number) {
    const campaignId = newId("cmp");
    const render = campaignRenderer(
      {
        id: campaignId,
        name: `Weekly ${round}`,
        subject: SUBJECT,
        preheader: PREHEADER,
        html: newsletter,
        text: null,
        trackOpens: true,
        trackClicks: true,
        links: trackedLinks(newsletter),
      },
      info.public,
    );
    const issuedAt = new Date();
    const built: EmailMessage[] = [];
    for (let i = 0; i < N; i++) {
      const contactId = newId("con");
      const token = await recipientToken(
        "a bench signing secret of 32 characters or more",
        { campaignId, contactId },
        issuedAt,
      );
      const content = render(
        {
          id: contactId,
          email: `ref${round}-${i}@example.com`,
          phone: null,
          attributes: { first_name: `Reader${i}` },
        },
        token,
      );
      built.push({
        from: { email: `news@${info.senderDomain}`, name: "The Workshop" },
        to: [{ email: `ref${round}-${i}@example.com` }],
        subject: content.subject,
        text: content.text,
        ...(content.html === undefined ? {} : { html: content.html }),
        listUnsubscribe: { url: content.unsubscribeUrl },
        headers: {
          "Feedback-ID": `${campaignId}:${info.accountId}:campaign:edgepost`,
          "X-Edgepost-Campaign": campaignId,
          "X-Edgepost-Message-Id": `${campaignId}.${contactId}`,
        },
        idempotencyKey: `${campaignId}.${contactId}`,
      });
    }
    const started = performance.now();
    for (let at = 0; at < N; at += PER_CALL) {
      const answers = await adapter.sendBatch(built.slice(at, at + PER_CALL), {
        idempotencyKey: `${campaignId}-${at}`,
      });
      const failed = answers.find((a) => !a.ok);
      if (failed) throw new Error(`the reference send failed: ${JSON.stringify(failed)}`);
    }
    return { ms: performance.now() - started, sample: built[0] };
  }

  const rows: {
    whole: number;
    sinkAlone: number;
    ratio: number;
    fanOutMs: number;
    firstSentMs: number;
    sending: number | undefined;
    delivery: number;
    rest: number;
  }[] = [];
  let sample: EmailMessage | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    // Which of the two goes first alternates, so that drift favours neither.
    const refFirst = round % 2 === 0 ? await reference(round) : undefined;
    const whole = await wholePath(round);
    const ref = refFirst ?? (await reference(round));
    sample ??= ref.sample;
    const rate = (N / whole.ms) * 1000;
    const refRate = (N / ref.ms) * 1000;
    // The delivery once it has begun: from the first outcome seen to the last (the queue's batch
    // wait and most of the fan-out behind it).
    const left = N - whole.firstSent.sent;
    const sending = left >= 2 * PER_CALL ? (left / (whole.ms - whole.firstSent.ms)) * 1000 : undefined;
    rows.push({
      whole: rate,
      sinkAlone: refRate,
      ratio: rate / refRate,
      fanOutMs: whole.fannedOut.ms,
      firstSentMs: whole.firstSent.ms,
      sending,
      delivery: whole.delivery / N,
      rest: whole.rest / N,
    });
    console.log(
      `  round ${round + 1}: whole path ${Math.round(rate)} msg/s (${Math.round(whole.ms)} ms; fan-out done at ${Math.round(whole.fannedOut.ms)} ms with ${whole.fannedOut.sent} sent, first sent seen at ${Math.round(whole.firstSent.ms)} ms), sink alone ${Math.round(refRate)} msg/s, ratio ${(rate / refRate).toFixed(3)}`,
    );
  }
  const peak = await workerdPeakKb();
  db.$client.close();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const range = (xs: number[], digits: number) =>
    `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
  const kb = (s: string | undefined) => ((s?.length ?? 0) / 1024).toFixed(1);
  console.log(
    `campaign-send.bench: campaigns of ${N.toLocaleString("en")} recipients, ${ROUNDS} rounds, Node ${process.version}; a message as sent: ${kb(sample?.html)} KB HTML + ${kb(sample?.text)} KB text`,
  );
  const col = (pick: (r: (typeof rows)[number]) => number, digits = 0) => {
    const xs = rows.map(pick);
    return `median ${median(xs).toFixed(digits)} (${range(xs, digits)})`;
  };
  console.log(`  whole path (…/send → every recipient sent)       msg/s ${col((r) => r.whole)}`);
  console.log(`  sink alone (resendProvider from Node, 100 a call) msg/s ${col((r) => r.sinkAlone)}`);
  console.log(`  ratio whole path / sink alone                    ${col((r) => r.ratio, 3)}`);
  console.log(`  fan-out done (recipients_written = N) after      ms ${col((r) => r.fanOutMs)}`);
  console.log(`  first recipient seen sent after                  ms ${col((r) => r.firstSentMs)}`);
  const begun = rows.flatMap((r) => (r.sending === undefined ? [] : [r]));
  if (begun.length > 0) {
    const xs = begun.map((r) => r.sending ?? 0);
    const ratios = begun.map((r) => (r.sending ?? 0) / r.sinkAlone);
    console.log(
      `  sending once begun (first sent → last sent)      msg/s median ${Math.round(median(xs))} (${range(xs, 0)}), ratio to the sink alone median ${median(ratios).toFixed(3)} (${range(ratios, 3)})`,
    );
  }
  console.log(
    `  database round trips per recipient               delivery ${col((r) => r.delivery, 3)}, start + fan-out ${col((r) => r.rest, 3)}`,
  );
  const mib = (k: number | undefined) => (k ? `${Math.round(k / 1024)} MiB` : "n/a");
  console.log(`  workerd memory (all the workers)  after start-up ${mib(startedKb)}, peak ${mib(peak)}`);
  console.log(`  sink: ${sink.requests()} requests, ${sink.replays()} replays`);
} finally {
  await stack.close();
  await sink.close();
  await rm(dataDir, { recursive: true, force: true });
}
