/**
 * Building personalised MIME messages on one core: Edgepost's `buildMime` (mimetext underneath)
 * next to nodemailer's MailComposer, then the cost of a DKIM signature on top.
 *
 *   cd bench && pnpm exec tsx mime.bench.ts [--messages 250] [--rounds 40] [--dkim 2000]
 *
 * (a) Two kinds of message, each built for a different recipient every time, with the same content
 *     and the same headers for both builders: From, To (a non-ASCII name), Reply-To, a non-ASCII
 *     Subject, X-Edgepost-Recipient, List-Unsubscribe (mailto and https) and List-Unsubscribe-Post.
 *     - newsletter: a text and an HTML part of about 2 KB each, personalised from a template (name,
 *       address, unsubscribe link);
 *     - with attachments: the same, plus a 48 KB PDF (non-ASCII file name) and an inline 6 KB PNG
 *       referenced from the HTML by cid; both builders get the files as base64, as the API does.
 *     Personalisation is inside the timed loop for both. Both builders end with the message as
 *     bytes: MailComposer's `build()` gives a Buffer; buildMime's string is UTF-8 encoded, as every
 *     caller does before sending (SMTP writes bytes, SES sends base64 of them), which also
 *     flattens the string V8 may still hold as a rope. Both warm up untimed, then run in rounds on
 *     the same messages, A B then B A, so that drift on a shared machine and each other's garbage
 *     weigh on both alike; rounds are short (250 messages) so that both halves of one see the same
 *     machine. Printed per kind: each builder's median round (messages/s, CPU and wall time per
 *     message), the average size, and the per-round ratio buildMime / MailComposer as median and
 *     range, of wall time (the figure) and of process CPU time (less disturbed by other processes
 *     on a shared machine, but it counts GC helper threads). The two do not encode alike: buildMime
 *     writes non-ASCII text as base64, nodemailer as quoted-printable, so sizes differ.
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
{{logo}}<h1>Hello {{name}}</h1>
<p>${PARAGRAPH.repeat(4).trim()}</p>
<p><a href="https://shop.example/spring?r={{id}}">See the collection</a></p>
<p>${PARAGRAPH.repeat(3).trim()}</p>
<p style="font-size:12px;color:#666">This email was sent to {{email}}.
<a href="{{unsubscribe}}">Unsubscribe</a>. Shop Example Ltd, Rue du Rhône 1, 1204 Genève</p>
</body></html>
`;

/** Bytes that do not compress, like a PDF's streams or a PNG's data, from a fixed seed. */
function noise(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}
const PDF_BASE64 = Buffer.from(noise(48 * 1024, 1)).toString("base64");
const PNG_BASE64 = Buffer.from(noise(6 * 1024, 2)).toString("base64");
const PDF_NAME = "Rechnung März 2026.pdf";

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

const unsubscribeUrl = (to: Recipient) => `https://u.shop.example/unsubscribe?r=${to.id}`;
const unsubscribeMailto = (to: Recipient) => `unsubscribe+${to.id}@shop.example`;

function personalise(template: string, to: Recipient): string {
  return template
    .replaceAll("{{name}}", to.name)
    .replaceAll("{{email}}", to.email)
    .replaceAll("{{id}}", to.id)
    .replaceAll("{{unsubscribe}}", unsubscribeUrl(to));
}

/** One message's content, shared by both builders; with the logo, the HTML shows the inline PNG. */
function contentFor(i: number, withLogo = false) {
  const to = recipientAt(i);
  return {
    to,
    subject: `${to.name}, your spring offers — 20 % off until Sunday`,
    text: personalise(TEXT_TEMPLATE, to),
    html: personalise(HTML_TEMPLATE, to).replace(
      "{{logo}}",
      withLogo ? '<p><img src="cid:logo@shop.example" alt="Shop Example"></p>\n' : "",
    ),
    header: ["X-Edgepost-Recipient", to.id] as const,
  };
}

const FROM = { email: "news@shop.example", name: "Shop Example" };
const REPLY_TO = { email: "help@shop.example", name: "Shop Example support" };

function edgepostMessage(i: number, withAttachments = false): EmailMessage {
  const c = contentFor(i, withAttachments);
  return {
    from: FROM,
    to: [{ email: c.to.email, name: c.to.name }],
    replyTo: REPLY_TO,
    subject: c.subject,
    text: c.text,
    html: c.html,
    headers: { [c.header[0]]: c.header[1] },
    listUnsubscribe: { url: unsubscribeUrl(c.to), mailto: unsubscribeMailto(c.to) },
    ...(withAttachments
      ? {
          attachments: [
            { filename: PDF_NAME, contentType: "application/pdf", contentBase64: PDF_BASE64 },
            {
              filename: "logo.png",
              contentType: "image/png",
              contentBase64: PNG_BASE64,
              contentId: "logo@shop.example",
            },
          ],
        }
      : {}),
  };
}

function nodemailerOptions(i: number, withAttachments = false): MailComposerOptions {
  const c = contentFor(i, withAttachments);
  return {
    from: { name: FROM.name, address: FROM.email },
    to: { name: c.to.name, address: c.to.email },
    replyTo: { name: REPLY_TO.name, address: REPLY_TO.email },
    subject: c.subject,
    text: c.text,
    html: c.html,
    // MailComposer has no `list` option (nodemailer's transports add it): the same fields as headers
    headers: {
      [c.header[0]]: c.header[1],
      "List-Unsubscribe": `<mailto:${unsubscribeMailto(c.to)}>, <${unsubscribeUrl(c.to)}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    ...(withAttachments
      ? {
          attachments: [
            { filename: PDF_NAME, contentType: "application/pdf", content: PDF_BASE64, encoding: "base64" },
            {
              filename: "logo.png",
              contentType: "image/png",
              content: PNG_BASE64,
              encoding: "base64",
              cid: "logo@shop.example",
            },
          ],
        }
      : {}),
  };
}

/** Fields both builders must write (besides From, To, Subject, Date, Message-ID): checked before timing. */
const SAME_HEADERS = ["Reply-To", "X-Edgepost-Recipient", "List-Unsubscribe", "List-Unsubscribe-Post"];

/** Builds message `i` and returns its size in bytes. */
type Builder = (i: number) => Promise<number> | number;
interface Kind {
  name: string;
  edgepost: Builder;
  nodemailer: Builder;
}

const utf8 = new TextEncoder();
const kinds: Kind[] = [false, true].map((withAttachments) => ({
  name: withAttachments ? "with attachments (48 KB PDF, 6 KB inline PNG)" : "newsletter (text + HTML)",
  edgepost: (i) => utf8.encode(buildMime(edgepostMessage(i, withAttachments))).length,
  nodemailer: async (i) =>
    (await new MailComposer(nodemailerOptions(i, withAttachments)).compile().build()).length,
}));

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
const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * Rounds of the two builders on the same messages (round r builds messages r·n … r·n + n − 1 with
 * each), the order alternating; returns the per-round ratios buildMime / MailComposer.
 */
async function compareBuilders(kind: Kind, messages: number, rounds: number): Promise<number[]> {
  const cases = [
    { name: "edgepost buildMime", build: kind.edgepost, runs: [] as Round[] },
    { name: "nodemailer MailComposer", build: kind.nodemailer, runs: [] as Round[] },
  ];
  for (const c of cases) await round(c.build, 0, Math.min(1_000, messages)); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const c of r % 2 === 0 ? cases : [...cases].reverse()) {
      c.runs.push(await round(c.build, r * messages, messages));
    }
  }

  console.log(
    `\n(a) ${kind.name}: ${messages.toLocaleString("en-US")} messages a round x ${rounds} rounds, one at a time\n` +
      `${"case".padEnd(28)} ${"median round".padStart(14)} ${"slowest–fastest round".padStart(24)} ` +
      `${"cpu/msg".padStart(9)} ${"wall/msg".padStart(9)} ${"size".padStart(8)}`,
  );
  for (const c of cases) {
    const seconds = c.runs.map((run) => run.seconds);
    console.log(
      `${c.name.padEnd(28)} ${rate(messages, median(seconds)).padStart(14)} ` +
        `${`${Math.round(messages / Math.max(...seconds)).toLocaleString("en-US")}–${Math.round(messages / Math.min(...seconds)).toLocaleString("en-US")}`.padStart(24)} ` +
        `${`${((median(c.runs.map((run) => run.cpuMs)) / messages) * 1000).toFixed(0)}µs`.padStart(9)} ` +
        `${`${((median(seconds) / messages) * 1e6).toFixed(0)}µs`.padStart(9)} ` +
        `${`${((c.runs[0]?.bytes ?? 0) / messages / 1024).toFixed(1)} KB`.padStart(8)}`,
    );
  }
  const [edgepost, nodemailer] = cases;
  const ratiosOf = (time: (run: Round) => number) =>
    (edgepost?.runs ?? []).map((run, r) => {
      const reference = nodemailer?.runs[r];
      return reference === undefined ? Number.NaN : time(reference) / time(run);
    });
  const ratios = ratiosOf((run) => run.seconds);
  const cpuRatios = ratiosOf((run) => run.cpuMs);
  const summary = (xs: number[]) =>
    `median ${median(xs).toFixed(2)}x (range ${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}x)`;
  console.log(
    `buildMime / MailComposer in the same round, over ${rounds} rounds: messages per second ${summary(ratios)}; ` +
      `by CPU time ${summary(cpuRatios)}`,
  );
  return ratios;
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
  const messages = Math.max(1, Number(values.messages ?? 250));
  const rounds = Math.max(1, Number(values.rounds ?? 40));
  const dkimCount = Math.max(1, Number(values.dkim ?? 2_000));
  const sample = buildMime(edgepostMessage(0, true));
  console.log(
    `mime bench: node ${process.version}, ${cpus()[0]?.model ?? "?"}, ${availableParallelism()} CPUs (one used), ` +
      `text ${contentFor(0).text.length} + html ${contentFor(0).html.length} characters per message`,
  );
  const composed = (await new MailComposer(nodemailerOptions(0, true)).compile().build()).toString();
  for (const [builder, raw] of [
    ["buildMime", sample],
    ["MailComposer", composed],
  ] as const) {
    for (const header of SAME_HEADERS) {
      if (!`\r\n${raw}`.includes(`\r\n${header}: `)) throw new Error(`${builder}'s output lacks ${header}`);
    }
  }
  const baseline = process.resourceUsage().maxRSS;
  for (const kind of kinds) await compareBuilders(kind, messages, rounds);
  console.log(
    `\npeak RSS over (a): ${mb(process.resourceUsage().maxRSS)} (before it: ${mb(baseline)}; both builders in one process)`,
  );
  await benchDkim(dkimCount);
}

await main();
