/**
 * Building personalised MIME messages on one core: Edgepost's `buildMime` (mimetext underneath)
 * next to nodemailer's MailComposer, then the cost of a DKIM signature on top.
 *
 *   cd bench && pnpm exec tsx mime.bench.ts [--messages 10000] [--rounds 3] [--dkim 2000]
 *
 * (a) N messages, each to a different recipient: a non-ASCII name in To and in the Subject, a
 *     Reply-To, one custom header (X-Edgepost-Recipient), a text and an HTML part of about 2 KB
 *     each, personalised from a template (the name, address and an unsubscribe link), built with
 *     `buildMime` and with `new MailComposer(…).compile().build()`. Personalisation is inside the
 *     timed loop for both. Both warm up untimed, then run R rounds each, alternating. Printed:
 *     messages/s over all rounds and for the best round, CPU time per message (more than the wall
 *     time means GC threads helped), the average message size, the ratio, and the peak RSS of the
 *     process over (a). The two do not encode alike: buildMime writes non-ASCII text as base64,
 *     nodemailer as quoted-printable, so sizes differ.
 * (b) `dkimSign` (rsa-sha256, RSA 2048, relaxed/relaxed, WebCrypto) on M messages from buildMime:
 *     build + sign, and sign alone. Before timing, one signed message is checked with nodemailer's
 *     own DKIM canonicalisation (lib/dkim) and `crypto.verify`: an independent implementation.
 */
import { createPublicKey, verify } from "node:crypto";
import { availableParallelism, cpus } from "node:os";
import { parseArgs } from "node:util";
import type { EmailMessage } from "@edgepost/messaging/port";
import MessageParser from "nodemailer/lib/dkim/message-parser";
import RelaxedBody from "nodemailer/lib/dkim/relaxed-body";
import sign from "nodemailer/lib/dkim/sign";
import MailComposer, { type MailComposerOptions } from "nodemailer/lib/mail-composer";
/*
 * The modules themselves rather than "@edgepost/messaging" (the same code at run time): the package's
 * index also exports the workerd-only SMTP connection (`cloudflare:sockets`), which bench's Node
 * tsconfig cannot type-check; and dkimSign is not (yet) exported there.
 */
import { buildMime } from "../packages/messaging/src/email/build-mime";
import {
  type DkimKey,
  dkimSign,
  generateDkimKey,
  importDkimPrivateKey,
} from "../packages/messaging/src/email/dkim-sign";

const FIRST = ["Zoë", "Jürgen", "Chloé", "Søren", "Łukasz", "Renée", "Björn", "François", "Ines", "Ana"];
const LAST = ["Ångström", "Müller", "Dvořák", "Nuñez", "Brontë", "O'Connor", "Łęcka", "Šimić", "Weiß"];

const PARAGRAPH =
  "Our spring collection is here, {{name}}: linen shirts, light jackets and the canvas shoes you " +
  "asked about last autumn. As a subscriber you get early access until Sunday evening, and free " +
  "delivery on every order above 50 EUR. ";
const TEXT_TEMPLATE = `Hello {{name}},

${PARAGRAPH.repeat(5).trim()}

${PARAGRAPH.repeat(3).trim()}

This email was sent to {{email}}. Unsubscribe: {{unsubscribe}}
Shop Example Ltd, Rue du Rhône 1, 1204 Genève
`;
const HTML_TEMPLATE = `<!doctype html><html><body style="font-family:sans-serif">
<h1>Hello {{name}}</h1>
<p>${PARAGRAPH.repeat(4).trim()}</p>
<p><a href="https://shop.example/spring?r={{id}}">See the collection</a></p>
<p>${PARAGRAPH.repeat(3).trim()}</p>
<p style="font-size:12px;color:#666">This email was sent to {{email}}.
<a href="{{unsubscribe}}">Unsubscribe</a>. Shop Example Ltd, Rue du Rhône 1, 1204 Genève</p>
</body></html>
`;

interface Recipient {
  id: string;
  name: string;
  email: string;
}

const recipientAt = (i: number): Recipient => ({
  id: `r_${i}`,
  name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`,
  email: `customer.${i}@example.com`,
});

function personalise(template: string, to: Recipient): string {
  return template
    .replaceAll("{{name}}", to.name)
    .replaceAll("{{email}}", to.email)
    .replaceAll("{{id}}", to.id)
    .replaceAll("{{unsubscribe}}", `https://u.shop.example/unsubscribe?r=${to.id}`);
}

/** One message's content, shared by both builders. */
function contentFor(i: number) {
  const to = recipientAt(i);
  return {
    to,
    subject: `${to.name}, your spring offers — 20 % off until Sunday`,
    text: personalise(TEXT_TEMPLATE, to),
    html: personalise(HTML_TEMPLATE, to),
    header: ["X-Edgepost-Recipient", to.id] as const,
  };
}

const FROM = { email: "news@shop.example", name: "Shop Example" };
const REPLY_TO = { email: "help@shop.example", name: "Shop Example support" };

function edgepostMessage(i: number): EmailMessage {
  const c = contentFor(i);
  return {
    from: FROM,
    to: [{ email: c.to.email, name: c.to.name }],
    replyTo: REPLY_TO,
    subject: c.subject,
    text: c.text,
    html: c.html,
    headers: { [c.header[0]]: c.header[1] },
  };
}

function nodemailerOptions(i: number): MailComposerOptions {
  const c = contentFor(i);
  return {
    from: { name: FROM.name, address: FROM.email },
    to: { name: c.to.name, address: c.to.email },
    replyTo: { name: REPLY_TO.name, address: REPLY_TO.email },
    subject: c.subject,
    text: c.text,
    html: c.html,
    headers: { [c.header[0]]: c.header[1] },
  };
}

type Builder = (i: number) => Promise<number> | number;

const builders: Record<string, Builder> = {
  "edgepost buildMime": (i) => buildMime(edgepostMessage(i)).length,
  "nodemailer MailComposer": async (i) =>
    (await new MailComposer(nodemailerOptions(i)).compile().build()).length,
};

interface Round {
  seconds: number;
  cpuMs: number;
  bytes: number;
}

async function round(build: Builder, from: number, count: number): Promise<Round> {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let bytes = 0;
  for (let i = from; i < from + count; i++) bytes += await build(i);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpuMs: (cpu.user + cpu.system) / 1000, bytes };
}

const rate = (ops: number, seconds: number) => `${Math.round(ops / seconds).toLocaleString("en-US")} msg/s`;
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function compareBuilders(messages: number, rounds: number): Promise<Map<string, number>> {
  const names = Object.keys(builders);
  const results = new Map<string, Round[]>(names.map((name) => [name, []]));
  for (const name of names) await round(builders[name] as Builder, 0, Math.min(2_000, messages)); // warm-up
  for (let r = 0; r < rounds; r++) {
    // alternate who goes first, so that neither always runs after the other's garbage
    for (const name of r % 2 === 0 ? names : [...names].reverse()) {
      results.get(name)?.push(await round(builders[name] as Builder, 0, messages));
    }
  }

  console.log(
    `\n(a) ${messages.toLocaleString("en-US")} personalised messages x ${rounds} rounds, one at a time\n` +
      `${"case".padEnd(28)} ${"overall".padStart(14)} ${"best round".padStart(14)} ${"rounds".padStart(36)} ` +
      `${"cpu/msg".padStart(9)} ${"wall/msg".padStart(9)} ${"size".padStart(8)}`,
  );
  const overall = new Map<string, number>();
  for (const [name, runs] of results) {
    const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
    const cpuMs = runs.reduce((sum, run) => sum + run.cpuMs, 0);
    const best = Math.min(...runs.map((run) => run.seconds));
    const total = messages * runs.length;
    overall.set(name, total / seconds);
    console.log(
      `${name.padEnd(28)} ${rate(total, seconds).padStart(14)} ${rate(messages, best).padStart(14)} ` +
        `${runs
          .map((run) => Math.round(messages / run.seconds).toLocaleString("en-US"))
          .join(" / ")
          .padStart(36)} ` +
        `${`${((cpuMs / total) * 1000).toFixed(0)}µs`.padStart(9)} ${`${((seconds / total) * 1e6).toFixed(0)}µs`.padStart(9)} ` +
        `${`${((runs[0]?.bytes ?? 0) / messages / 1024).toFixed(1)} KB`.padStart(8)}`,
    );
  }
  return overall;
}

/**
 * Checks a signed message with nodemailer's DKIM code (its header parser, relaxed header and body
 * canonicalisation) and Node's RSA verify; throws when it does not verify.
 */
function crossCheck(signed: string, publicKeySpki: string): void {
  const bytes = Buffer.from(signed, "utf8");
  const parser = new MessageParser();
  parser.checkHeaders(bytes);
  const headers = parser.parseHeaders();
  const bodyStart = bytes.indexOf("\r\n\r\n") + 4;
  const body = new RelaxedBody();
  body.updateHash(bytes.subarray(bodyStart), true);
  const bodyHash = body.bodyHash.digest("base64");

  const dkim = headers.find((header) => header.key === "dkim-signature");
  if (dkim === undefined) throw new Error("no DKIM-Signature field");
  const tags = new Map(
    dkim.line
      .slice(dkim.line.indexOf(":") + 1)
      .split(";")
      .map((tag) => tag.replace(/\s+/g, ""))
      .map((tag) => [tag.slice(0, tag.indexOf("=")), tag.slice(tag.indexOf("=") + 1)] as const),
  );
  if (tags.get("bh") !== bodyHash)
    throw new Error(`bh=${tags.get("bh")}, nodemailer's body hash ${bodyHash}`);
  const { headers: canonical, fieldNames } = sign.relaxedHeaders(
    headers.filter((header) => header !== dkim),
    tags.get("h") ?? "",
  );
  if (fieldNames.toLowerCase() !== tags.get("h")?.toLowerCase()) throw new Error(`h= lists ${fieldNames}`);
  const unsignedDkim = dkim.line
    .replace(/([;\s]b\s*=)[^;]*$/, "$1")
    .slice(dkim.line.indexOf(":") + 1)
    .replace(/\r?\n/g, "")
    .replace(/[ \t]+/g, " ")
    .trim();
  const data = Buffer.from(`${canonical}dkim-signature:${unsignedDkim}`, "latin1");
  const key = createPublicKey({ key: Buffer.from(publicKeySpki, "base64"), format: "der", type: "spki" });
  if (!verify("sha256", data, key, Buffer.from(tags.get("b") ?? "", "base64"))) {
    throw new Error("the signature does not verify with nodemailer's canonicalisation");
  }
}

async function benchDkim(count: number): Promise<void> {
  const pair = await generateDkimKey();
  const key: DkimKey = {
    domain: "shop.example",
    selector: "ep2026",
    privateKey: await importDkimPrivateKey(pair.privateKeyPkcs8),
  };
  for (let i = 0; i < 20; i++)
    crossCheck(await dkimSign(buildMime(edgepostMessage(i)), key), pair.publicKeySpki);
  for (let i = 0; i < 200; i++) await dkimSign(buildMime(edgepostMessage(i)), key); // warm-up

  const timed = async (run: (i: number) => Promise<unknown>) => {
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    for (let i = 0; i < count; i++) await run(i);
    const cpu = process.cpuUsage(cpu0);
    return { seconds: (performance.now() - started) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  const built = Array.from({ length: count }, (_, i) => buildMime(edgepostMessage(i)));
  const rows = [
    { case: "buildMime + dkimSign", ...(await timed((i) => dkimSign(buildMime(edgepostMessage(i)), key))) },
    { case: "dkimSign alone (prebuilt)", ...(await timed((i) => dkimSign(built[i] as string, key))) },
  ];
  console.log(
    `\n(b) DKIM rsa-sha256 (RSA 2048, WebCrypto), ${count.toLocaleString("en-US")} messages, one at a time; ` +
      "20 signatures checked with nodemailer's DKIM canonicalisation first: OK\n" +
      `${"case".padEnd(28)} ${"rate".padStart(14)} ${"cpu/msg".padStart(9)} ${"wall/msg".padStart(9)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.case.padEnd(28)} ${rate(count, row.seconds).padStart(14)} ` +
        `${`${((row.cpuMs / count) * 1000).toFixed(0)}µs`.padStart(9)} ${`${((row.seconds / count) * 1e6).toFixed(0)}µs`.padStart(9)}`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { messages: { type: "string" }, rounds: { type: "string" }, dkim: { type: "string" } },
  });
  const messages = Math.max(1, Number(values.messages ?? 10_000));
  const rounds = Math.max(1, Number(values.rounds ?? 3));
  const dkimCount = Math.max(1, Number(values.dkim ?? 2_000));
  const sample = buildMime(edgepostMessage(0));
  console.log(
    `mime bench: node ${process.version}, ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} CPUs (one used), ` +
      `text ${contentFor(0).text.length} + html ${contentFor(0).html.length} characters per message`,
  );
  if (!sample.includes("\r\nReply-To: ") || !sample.includes("\r\nX-Edgepost-Recipient: r_0")) {
    throw new Error("buildMime's output lacks a Reply-To or the custom header");
  }
  const baseline = process.resourceUsage().maxRSS;
  const overall = await compareBuilders(messages, rounds);
  const edgepost = overall.get("edgepost buildMime") ?? Number.NaN;
  const nodemailer = overall.get("nodemailer MailComposer") ?? Number.NaN;
  console.log(
    `\nbuildMime / MailComposer: ${(edgepost / nodemailer).toFixed(2)}x the messages per second` +
      `\npeak RSS over (a): ${mb(process.resourceUsage().maxRSS)} (before it: ${mb(baseline)}; both builders in one process)`,
  );
  await benchDkim(dkimCount);
}

await main();
