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
import { InvalidEmailMessageError, parseEmailMessage } from "@edgepost/messaging/message";
import { and, eq, inArray } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx, DeliveryQueue } from "../context";
import { isOverdraw, ledgerEntry } from "../credits/ledger-entry";
import { monthlyAllowance } from "../credits/monthly-allowance";
import { walletBalance } from "../credits/wallet-balance";
import { assertVerifiedSender } from "../domains/index";
import { DomainError, type FieldProblem, InvalidFields } from "../errors";
import {
  idempotentRequest,
  isKeyTaken,
  type StoredResponse,
  storedResponse,
  storeResponse,
} from "../idempotency/idempotency";
import { suppressedAmong } from "../suppressions/suppressed-among";
import { renderTemplate } from "../templates/index";
import { webhookDeliveriesFor, webhookDeliveryInserts } from "../webhooks/index";
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

  const emails = input.emails.map((email, index) => {
    const parsed = emailInput.safeParse(email);
    if (parsed.success) return parsed.data;
    throw new InvalidFields(
      parsed.error.issues.map((issue) => ({
        path: at(input.batch, index, issue.path.join(".")),
        message: issue.message,
      })),
    );
  });
  const allRecipients = emails.flatMap((e) =>
    [...e.to, ...(e.cc ?? []), ...(e.bcc ?? [])].map((m) => m.email),
  );
  // Independent reads, at once: one round trip's wait instead of four.
  const [[account], , contents, suppressed] = await Promise.all([
    ctx.db.select({ id: accounts.id, plan: accounts.plan }).from(accounts).where(eq(accounts.id, accountId)),
    checkSenders(ctx, emails, input.batch),
    renderContents(ctx, emails, input.batch),
    suppressedAmong(ctx, accountId, allRecipients),
  ]);
  if (!account) throw new DomainError("unauthorized", "The account no longer exists.");

  const now = ctx.now();
  const rows: Row[] = [];
  const files: Attachment[] = [];
  const events: Event[] = [];
  const results: SendResult[] = [];
  const problems: FieldProblem[] = [];
  emails.forEach((email, index) => {
    const id = newId("msg", now.getTime());
    const keep = (list: Mailbox[] | undefined) =>
      (list ?? []).filter((m) => !suppressed.has(m.email.toLowerCase()));
    const refused = [...email.to, ...(email.cc ?? []), ...(email.bcc ?? [])]
      .map((m) => m.email)
      .filter((address) => suppressed.has(address.toLowerCase()));
    const recipients = { to: keep(email.to), cc: keep(email.cc), bcc: keep(email.bcc) };
    // Copies (cc, bcc) of a message none of whose addressees may be mailed are not sent either.
    const count =
      recipients.to.length === 0 ? 0 : recipients.to.length + recipients.cc.length + recipients.bcc.length;
    const content = contents[index] ?? { subject: "", text: "" };
    const domain = email.from.email.slice(email.from.email.lastIndexOf("@") + 1).toLowerCase();
    const headerMessageId = `<${id}@${domain}>`;
    const attachments = (email.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      contentBase64: a.content,
      ...(a.contentId ? { contentId: a.contentId } : {}),
    }));
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
        messageId: headerMessageId,
      });
    } catch (error) {
      if (!(error instanceof InvalidEmailMessageError)) throw error;
      for (const field of error.fields) {
        problems.push({ path: at(input.batch, index, apiPath(field)), message: error.message });
      }
      return;
    }
    const status = count === 0 ? "suppressed" : "queued";
    rows.push({
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
    });
    for (const [position, a] of attachments.entries()) {
      files.push({
        id: newId("att", now.getTime()),
        accountId,
        messageId: id,
        position,
        filename: a.filename,
        contentType: a.contentType,
        contentId: a.contentId,
        contentBase64: a.contentBase64,
        size: decodedSize(a.contentBase64),
      });
    }
    if (status === "queued")
      events.push({
        id: newId("evt", now.getTime()),
        accountId,
        messageId: id,
        type: "queued",
        occurredAt: now,
      });
    for (const address of refused) {
      events.push({
        id: newId("evt", now.getTime()),
        accountId,
        messageId: id,
        type: "suppressed",
        recipient: address.toLowerCase(),
        detail: "on the account's suppression list",
        occurredAt: now,
      });
    }
    results.push({ id, status, suppressed: refused });
  });
  if (problems.length > 0) throw new InvalidFields(problems);

  const credits = rows.reduce((sum, row) => sum + (row.credits ?? 0), 0);
  const hooks = await webhookDeliveriesFor(ctx, {
    accountId,
    eventIds: events.map((event) => ({ id: event.id, type: event.type })),
  });
  const response: StoredResponse = { status: 202, body: results };
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
            reference: `send:${rows[0]?.id}`,
            at: now,
          }),
        ]
      : []),
    ctx.db.insert(messages).values(rows),
    ...files.map((file) => ctx.db.insert(messageAttachments).values(file)),
    ...(events.length ? [ctx.db.insert(messageEvents).values(events)] : []),
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
      if (stored) return { results: stored.body as SendResult[], replayed: true };
    }
    throw error;
  }

  const queued: DeliveryMessage[] = [
    ...rows
      .filter((row) => row.status === "queued")
      .map((row) => ({ kind: "email" as const, accountId, messageId: row.id })),
    ...hooks.map((hook) => ({ kind: "webhook" as const, accountId, deliveryId: hook.id })),
  ];
  await enqueueAll(ctx.delivery, queued);
  return { results, replayed: false };
}

/** Every sender must be at a verified domain of the account; each domain is checked once. */
async function checkSenders(ctx: SendCtx, emails: ValidEmailInput[], batch: boolean): Promise<void> {
  const checked = new Map<string, FieldProblem | undefined>();
  const problems: FieldProblem[] = [];
  for (const [index, email] of emails.entries()) {
    const domain = email.from.email.slice(email.from.email.lastIndexOf("@") + 1).toLowerCase();
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

/** Queues what was committed; what the queue refuses stays `queued`/`pending` for the outbox sweep. */
async function enqueueAll(delivery: DeliveryQueue, bodies: DeliveryMessage[]): Promise<void> {
  for (let start = 0; start < bodies.length; start += 100) {
    const chunk = bodies.slice(start, start + 100);
    try {
      await delivery.sendBatch(chunk.map((body) => ({ body })));
    } catch (error) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "enqueue failed; left for the outbox sweep",
          error: String(error),
        }),
      );
    }
  }
}
