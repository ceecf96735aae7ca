import type { DeliveryMessage } from "@edgepost/contracts";
import {
  accounts,
  emailTemplates,
  type Mailbox,
  messageAttachments,
  messageEvents,
  messages,
  newId,
} from "@edgepost/db";
import {
  type EmailAttachment,
  InvalidEmailMessageError,
  parseEmailMessage,
} from "@edgepost/messaging/message";
import { and, eq, inArray } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx, DeliveryQueue } from "../context";
import { isOverdraw, ledgerEntry } from "../credits/ledger-entry";
import { monthlyAllowance } from "../credits/monthly-allowance";
import { walletBalance } from "../credits/wallet-balance";
import { enqueue } from "../delivery/enqueue";
import { assertVerifiedSender } from "../domains/index";
import { DomainError, type FieldProblem, InvalidFields } from "../errors";
import {
  type IdempotentRequest,
  idempotentRequest,
  isKeyTaken,
  type StoredResponse,
  storedResponse,
  storeResponse,
} from "../idempotency/idempotency";
import type { Plan } from "../plans/plans";
import { suppressedAmong } from "../suppressions/suppressed-among";
import { renderTemplate } from "../templates/index";
import { type WebhookDeliveryRow, webhookDeliveriesFor, webhookDeliveryInserts } from "../webhooks/index";
import { decodedSize, type EmailInput, emailInput, type ValidEmailInput } from "./email-input";
import { htmlToText } from "./html-to-text";

export interface SendCtx extends AccountCtx {
  delivery: DeliveryQueue;
}

export interface SendResult {
  id: string;
  status: "queued" | "suppressed";
  /** Recipients refused because the account suppressed them (no credit spent on them). */
  suppressed: string[];
}

type Row = typeof messages.$inferInsert;
type Attachment = typeof messageAttachments.$inferInsert;
type Event = typeof messageEvents.$inferInsert;

/** `emails.3.to` in a batch, `to` for a single send. */
const at = (batch: boolean, index: number, path: string) => (batch ? `emails.${index}.${path}` : path);

/** `attachments[0].contentBase64` (the builder's name) as the API's `attachments.0.content`. */
const apiPath = (field: string) => field.replace(/\[(\d+)\]/g, ".$1").replace(/\.contentBase64$/, ".content");

/**
 * Accepts emails for sending (one, or a batch of up to 100, all or nothing): renders templates,
 * checks each sender's domain is verified and every header is safe, drops suppressed recipients,
 * then writes the messages, their `queued` events, their webhooks and the credit debit (one per
 * recipient, after the month's allowance) in one transaction, and queues them. A wallet that
 * cannot pay for all of them refuses all of them (402) and nothing is written or queued. With an
 * `Idempotency-Key` the first answer is stored in that same transaction and returned again.
 */
export async function sendEmails({
  ctx,
  input,
}: {
  ctx: SendCtx;
  input: { emails: EmailInput[]; batch: boolean; idempotencyKey?: string | undefined };
}): Promise<{ results: SendResult[]; replayed: boolean }> {
  assertPermission(ctx, "emails:send");
  assertCanWrite(ctx);
  const { accountId } = ctx.principal;
  const operation = input.batch ? "POST /v1/emails/batch" : "POST /v1/emails";
  const idempotency = input.idempotencyKey
    ? await idempotentRequest(accountId, input.idempotencyKey, operation, input.emails)
    : undefined;
  if (idempotency) {
    const stored = await storedResponse(ctx, idempotency);
    if (stored) return { results: stored.body as SendResult[], replayed: true };
  }

  const emails = parseEmails(input.emails, input.batch);
  const { account, contents, suppressed } = await readForSending(ctx, emails, input.batch);
  const now = ctx.now();
  const send = acceptEmails({ accountId, now, batch: input.batch }, emails, contents, suppressed);
  const hooks = await webhookDeliveriesFor(ctx, {
    accountId,
    eventIds: send.events.map((event) => ({ id: event.id, type: event.type })),
  });
  const replay = await commitSend(ctx, { account, idempotency, send, hooks, now });
  if (replay) return { results: replay, replayed: true };
  await enqueue(ctx.delivery, queueMessages(accountId, send.rows, hooks));
  return { results: send.results, replayed: false };
}

/** Each email parsed by the API's schema; the first that fails is refused, each problem by its path. */
function parseEmails(input: EmailInput[], batch: boolean): ValidEmailInput[] {
  return input.map((email, index) => {
    const parsed = emailInput.safeParse(email);
    if (parsed.success) return parsed.data;
    throw new InvalidFields(
      parsed.error.issues.map((issue) => ({
        path: at(batch, index, issue.path.join(".")),
        message: issue.message,
      })),
    );
  });
}

/** The account, each email's content and the suppressed among all recipients; the senders checked. */
async function readForSending(ctx: SendCtx, emails: ValidEmailInput[], batch: boolean) {
  const allRecipients = emails.flatMap((e) =>
    [...e.to, ...(e.cc ?? []), ...(e.bcc ?? [])].map((m) => m.email),
  );
  // Independent reads, at once: one round trip's wait instead of four.
  const [[account], , contents, suppressed] = await Promise.all([
    ctx.db
      .select({ id: accounts.id, plan: accounts.plan })
      .from(accounts)
      .where(eq(accounts.id, ctx.principal.accountId)),
    checkSenders(ctx, emails, batch),
    renderContents(ctx, emails, batch),
    suppressedAmong(ctx, ctx.principal.accountId, allRecipients),
  ]);
  if (!account) throw new DomainError("unauthorized", "The account no longer exists.");
  return { account, contents, suppressed };
}

/** What a send writes and answers: every accepted email's rows, in the order given. */
interface Send {
  rows: Row[];
  files: Attachment[];
  events: Event[];
  results: SendResult[];
}

interface Accepting {
  accountId: string;
  now: Date;
  batch: boolean;
}

/** The rows of every email; if any header is unsafe, `InvalidFields` naming every such problem (nothing is sent). */
function acceptEmails(
  on: Accepting,
  emails: ValidEmailInput[],
  contents: Content[],
  suppressed: Set<string>,
): Send {
  const send: Send = { rows: [], files: [], events: [], results: [] };
  const problems: FieldProblem[] = [];
  emails.forEach((email, index) => {
    const accepted = acceptEmail(on, index, email, contents[index] ?? { subject: "", text: "" }, suppressed);
    if ("problems" in accepted) {
      problems.push(...accepted.problems);
      return;
    }
    send.rows.push(accepted.row);
    send.files.push(...accepted.files);
    send.events.push(...accepted.events);
    send.results.push(accepted.result);
  });
  if (problems.length > 0) throw new InvalidFields(problems);
  return send;
}

/** One email as it is stored: its message row, attachments, events and answer; or its header problems. */
function acceptEmail(
  on: Accepting,
  index: number,
  email: ValidEmailInput,
  content: Content,
  suppressed: Set<string>,
): { problems: FieldProblem[] } | { row: Row; files: Attachment[]; events: Event[]; result: SendResult } {
  const { accountId, now } = on;
  const id = newId("msg", now.getTime());
  const { recipients, refused, count } = recipientsOf(email, suppressed);
  const headerMessageId = `<${id}@${senderDomain(email)}>`;
  const attachments = (email.attachments ?? []).map((a) => ({
    filename: a.filename,
    contentType: a.contentType,
    contentBase64: a.content,
    ...(a.contentId ? { contentId: a.contentId } : {}),
  }));
  const problems = headerProblems(email, content, attachments, headerMessageId);
  if (problems) return { problems: problems.map((p) => ({ ...p, path: at(on.batch, index, p.path) })) };

  const status = count === 0 ? "suppressed" : "queued";
  const row: Row = {
    id,
    accountId,
    channel: "email",
    category: "transactional",
    fromAddress: email.from.email,
    fromName: email.from.name,
    toAddress: (email.to[0] as Mailbox).email,
    recipients,
    replyTo: email.replyTo,
    subject: content.subject,
    text: content.text,
    html: content.html,
    headers: email.headers,
    tags: email.tags,
    metadata: email.metadata,
    templateId: email.template?.id,
    credits: count,
    headerMessageId,
    status,
    createdAt: now,
  };
  const files = attachments.map(
    (a, position): Attachment => ({
      id: newId("att", now.getTime()),
      accountId,
      messageId: id,
      position,
      filename: a.filename,
      contentType: a.contentType,
      contentId: a.contentId,
      contentBase64: a.contentBase64,
      size: decodedSize(a.contentBase64),
    }),
  );
  const events = eventsOf({ accountId, messageId: id, now }, status, refused);
  return { row, files, events, result: { id, status, suppressed: refused } };
}

/** A message's first events: `queued` if it is sent to anyone, `suppressed` for each recipient refused. */
function eventsOf(
  message: { accountId: string; messageId: string; now: Date },
  status: SendResult["status"],
  refused: string[],
): Event[] {
  const { accountId, messageId, now } = message;
  const events: Event[] = [];
  if (status === "queued")
    events.push({ id: newId("evt", now.getTime()), accountId, messageId, type: "queued", occurredAt: now });
  for (const address of refused) {
    events.push({
      id: newId("evt", now.getTime()),
      accountId,
      messageId,
      type: "suppressed",
      recipient: address.toLowerCase(),
      detail: "on the account's suppression list",
      occurredAt: now,
    });
  }
  return events;
}

/** The addressees the account may mail, those it may not (refused), and the credits the message costs. */
function recipientsOf(email: ValidEmailInput, suppressed: Set<string>) {
  const keep = (list: Mailbox[] | undefined) =>
    (list ?? []).filter((m) => !suppressed.has(m.email.toLowerCase()));
  const refused = [...email.to, ...(email.cc ?? []), ...(email.bcc ?? [])]
    .map((m) => m.email)
    .filter((address) => suppressed.has(address.toLowerCase()));
  const recipients = { to: keep(email.to), cc: keep(email.cc), bcc: keep(email.bcc) };
  // Copies (cc, bcc) of a message none of whose addressees may be mailed are not sent either.
  const count =
    recipients.to.length === 0 ? 0 : recipients.to.length + recipients.cc.length + recipients.bcc.length;
  return { recipients, refused, count };
}

/** The sender's domain, lower case. */
const senderDomain = (email: ValidEmailInput) =>
  email.from.email.slice(email.from.email.lastIndexOf("@") + 1).toLowerCase();

/** What is wrong with an email as it would be built (paths in the email, as the API names them); none: `undefined`. */
function headerProblems(
  email: ValidEmailInput,
  content: Content,
  attachments: EmailAttachment[],
  messageId: string,
): FieldProblem[] | undefined {
  try {
    parseEmailMessage({
      from: email.from,
      // Every recipient is checked, even suppressed ones, so the answer does not depend on the list.
      to: email.to,
      ...(email.cc ? { cc: email.cc } : {}),
      ...(email.bcc ? { bcc: email.bcc } : {}),
      ...(email.replyTo ? { replyTo: email.replyTo } : {}),
      subject: content.subject,
      text: content.text,
      ...(content.html !== undefined ? { html: content.html } : {}),
      ...(email.headers ? { headers: email.headers } : {}),
      ...(attachments.length ? { attachments } : {}),
      messageId,
    });
    return undefined;
  } catch (error) {
    if (!(error instanceof InvalidEmailMessageError)) throw error;
    return error.fields.map((field) => ({ path: apiPath(field), message: error.message }));
  }
}

/**
 * Writes the send in one batch: the idempotency answer, the credit debit, the messages, their
 * attachments, events and webhooks. A wallet that cannot pay refuses it all (402). Returns the
 * stored results when a request with the same key committed first, else nothing.
 */
async function commitSend(
  ctx: SendCtx,
  {
    account,
    idempotency,
    send,
    hooks,
    now,
  }: {
    account: { id: string; plan: Plan };
    idempotency: IdempotentRequest | undefined;
    send: Send;
    hooks: WebhookDeliveryRow[];
    now: Date;
  },
): Promise<SendResult[] | undefined> {
  const { accountId } = ctx.principal;
  const credits = send.rows.reduce((sum, row) => sum + (row.credits ?? 0), 0);
  const response: StoredResponse = { status: 202, body: send.results };
  const statements = [
    ...(idempotency ? storeResponse(ctx, idempotency, response) : []),
    ...(credits > 0 ? monthlyAllowance(ctx, account, now) : []),
    ...(credits > 0
      ? [
          ledgerEntry(ctx, {
            accountId,
            wallet: "email",
            kind: "consumption",
            amount: -credits,
            reference: `send:${send.rows[0]?.id}`,
            at: now,
          }),
        ]
      : []),
    ctx.db.insert(messages).values(send.rows),
    ...send.files.map((file) => ctx.db.insert(messageAttachments).values(file)),
    ...(send.events.length ? [ctx.db.insert(messageEvents).values(send.events)] : []),
    ...webhookDeliveryInserts(ctx, hooks),
  ];
  try {
    await ctx.db.batch(statements as [(typeof statements)[number], ...typeof statements]);
  } catch (error) {
    if (isOverdraw(error)) {
      const balance = await walletBalance(ctx, accountId, "email");
      throw new DomainError(
        "insufficient_credits",
        `Sending this needs ${credits} email credit${credits === 1 ? "" : "s"}; the email wallet holds ${balance}. Nothing was sent.`,
      );
    }
    if (idempotency && isKeyTaken(error)) {
      const stored = await storedResponse(ctx, idempotency);
      if (stored) return stored.body as SendResult[];
    }
    throw error;
  }
  return undefined;
}

/** The queue messages of what was committed: each queued email, then each webhook owed. */
function queueMessages(accountId: string, rows: Row[], hooks: WebhookDeliveryRow[]): DeliveryMessage[] {
  return [
    ...rows
      .filter((row) => row.status === "queued")
      .map((row) => ({ kind: "email" as const, accountId, messageId: row.id })),
    ...hooks.map((hook) => ({ kind: "webhook" as const, accountId, deliveryId: hook.id })),
  ];
}

/** Every sender must be at a verified domain of the account; each domain is checked once. */
async function checkSenders(ctx: SendCtx, emails: ValidEmailInput[], batch: boolean): Promise<void> {
  const checked = new Map<string, FieldProblem | undefined>();
  const problems: FieldProblem[] = [];
  for (const [index, email] of emails.entries()) {
    const domain = senderDomain(email);
    if (!checked.has(domain)) {
      try {
        await assertVerifiedSender(ctx, ctx.principal.accountId, email.from.email);
        checked.set(domain, undefined);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        checked.set(domain, { path: "from", message: error.message });
      }
    }
    const problem = checked.get(domain);
    if (problem) problems.push({ path: at(batch, index, "from"), message: problem.message });
  }
  if (problems.length > 0) throw new InvalidFields(problems);
}

interface Content {
  subject: string;
  text: string;
  html?: string | undefined;
}

/** Each email's subject and bodies: given directly, or rendered from its template (one query for all). */
async function renderContents(ctx: SendCtx, emails: ValidEmailInput[], batch: boolean): Promise<Content[]> {
  const ids = [...new Set(emails.flatMap((email) => (email.template ? [email.template.id] : [])))];
  const templates = ids.length
    ? await ctx.db
        .select()
        .from(emailTemplates)
        .where(and(eq(emailTemplates.accountId, ctx.principal.accountId), inArray(emailTemplates.id, ids)))
    : [];
  const byId = new Map(templates.map((template) => [template.id, template]));
  const problems: FieldProblem[] = [];
  const contents = emails.map((email, index): Content => {
    let source: { subject: string; html?: string | undefined; text?: string | undefined } = {
      subject: email.subject ?? "",
      html: email.html,
      text: email.text,
    };
    if (email.template) {
      const template = byId.get(email.template.id);
      if (!template) {
        problems.push({ path: at(batch, index, "template.id"), message: "no such template in this account" });
        return { subject: "", text: "" };
      }
      try {
        source = renderTemplate(
          { subject: template.subject, html: template.html ?? undefined, text: template.text ?? undefined },
          email.template.variables as Record<string, unknown>,
        );
      } catch (error) {
        if (!(error instanceof InvalidFields)) throw error;
        for (const field of error.fields ?? []) {
          problems.push({ path: at(batch, index, `template.${field.path}`), message: field.message });
        }
        return { subject: "", text: "" };
      }
    }
    const text = source.text ?? htmlToText(source.html ?? "");
    return { subject: source.subject, text, ...(source.html !== undefined ? { html: source.html } : {}) };
  });
  if (problems.length > 0) throw new InvalidFields(problems);
  return contents;
}
