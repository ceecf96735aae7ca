import type { DeliveryMessage } from "@edgepost/contracts";
import {
  messageAttachments,
  messageEvents,
  messages,
  newId,
  webhookDeliveries,
  webhookEndpoints,
} from "@edgepost/db";
import type { EmailMessage, EmailProvider, SendResult } from "@edgepost/messaging/port";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { BATCH_ATTACHMENT_BYTES, CLAIM_TIMEOUT_MS } from "../src/delivery/claim-emails";
import { type DeliverCtx, deliverEmails } from "../src/delivery/deliver-emails";
import { collectingQueue, freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-12-07T10:00:00Z") };
const base = await freshCtx(clock);

/** Every request the libSQL client makes is one round trip to the database. */
let roundTrips = 0;
/** Every statement sent, in order. */
const statements: { sql: string; args: unknown[] }[] = [];
const client = base.db.$client;
for (const method of ["execute", "batch", "transaction", "executeMultiple"] as const) {
  const original = client[method].bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
    roundTrips++;
    statements.push(...((Array.isArray(args[0]) ? args[0] : [args[0]]) as typeof statements));
    return original(...args);
  };
}

/** A provider at the edge of the world: it keeps every call it was given. */
function recordingProvider(
  options: { idempotent?: boolean; name?: EmailProvider["name"]; answer?: () => SendResult } = {},
) {
  const calls: { key: string | undefined; ids: string[] }[] = [];
  const accepted = new Map<string, number>();
  const byKey = new Map<string, SendResult[]>();
  const answer = options.answer ?? (() => ({ ok: true, providerMessageId: `p-${crypto.randomUUID()}` }));
  const idOf = (email: EmailMessage) => email.headers?.["X-Edgepost-Message-Id"] ?? "";
  const provider: EmailProvider = {
    name: options.name ?? "resend",
    idempotent: options.idempotent ?? true,
    send: async (email) => (await provider.sendBatch([email], { idempotencyKey: email.idempotencyKey }))[0]!,
    sendBatch: async (emails, batch) => {
      const ids = emails.map(idOf);
      calls.push({ key: batch?.idempotencyKey, ids });
      const key = `${batch?.idempotencyKey}:${ids.join(",")}`;
      const replay = provider.idempotent ? byKey.get(key) : undefined;
      if (replay) return replay;
      const results = emails.map(() => answer());
      results.forEach((r, i) => {
        if (r.ok) accepted.set(ids[i]!, (accepted.get(ids[i]!) ?? 0) + 1);
      });
      byKey.set(key, results);
      return results;
    },
  };
  return { provider, calls, accepted };
}

function deliverCtx(provider: EmailProvider, queued: DeliveryMessage[] = []): DeliverCtx {
  return {
    ...base,
    providerFor: async () => provider,
    signingSecret: "deliver-test-signing-secret-0123456789abcdef",
    from: { email: "no-reply@edgepost.test" },
    delivery: collectingQueue(queued),
  };
}

async function queuedMessages(
  accountId: string,
  n: number,
  extra: Partial<typeof messages.$inferInsert> = {},
) {
  const rows = Array.from({ length: n }, (_, i) => ({
    id: newId("msg", clock.now.getTime()),
    accountId,
    channel: "email" as const,
    category: "transactional" as const,
    fromAddress: "news@acme.test",
    toAddress: `reader-${i}@example.com`,
    subject: `Issue ${i}`,
    text: "Hello",
    createdAt: clock.now,
    ...extra,
  }));
  for (let i = 0; i < rows.length; i += 50) await base.db.insert(messages).values(rows.slice(i, i + 50));
  return rows.map((row) => ({ accountId, messageId: row.id }));
}

const statusOf = async (ids: string[]) =>
  new Map(
    (await base.db.select().from(messages).where(inArray(messages.id, ids))).map((row) => [row.id, row]),
  );

describe("a queue batch of emails", () => {
  it("costs three round trips for 100 messages of two accounts: senders, one claim, one write of every outcome", async () => {
    const a = (await newAccount(base, "A")).principal.accountId;
    const b = (await newAccount(base, "B")).principal.accountId;
    await base.db.insert(webhookEndpoints).values({
      id: newId("whk"),
      accountId: a,
      url: "https://hooks.example/a",
      events: ["sent"],
      createdAt: clock.now,
    });
    const batch = [...(await queuedMessages(a, 60)), ...(await queuedMessages(b, 40))];
    const { provider, calls, accepted } = recordingProvider();
    const queued: DeliveryMessage[] = [];
    roundTrips = 0;
    const outcomes = await deliverEmails({ ctx: deliverCtx(provider, queued), input: batch });
    expect(roundTrips).toBe(3);
    expect([...outcomes.values()].every((o) => o.outcome === "sent")).toBe(true);
    // One provider call per account, each message in it once.
    expect(calls.map((call) => call.ids.length).sort()).toEqual([40, 60]);
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    const ids = batch.map((item) => item.messageId);
    const rows = await statusOf(ids);
    expect(
      [...rows.values()].every((row) => row.status === "sent" && row.attempts === 1 && row.sendKey === null),
    ).toBe(true);
    const events = await base.db.select().from(messageEvents).where(inArray(messageEvents.messageId, ids));
    expect(events.filter((e) => e.type === "sent")).toHaveLength(100);
    const hooks = await base.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.accountId, a));
    expect(hooks).toHaveLength(60);
    expect(queued.filter((m) => m.kind === "webhook")).toHaveLength(60);
  });

  it("is sent once when two deliveries claim overlapping batches at the same time", async () => {
    const a = (await newAccount(base)).principal.accountId;
    const batch = await queuedMessages(a, 80);
    // SMTP-like: cannot deduplicate, so a message another delivery holds is left to it.
    const { provider, accepted } = recordingProvider({ idempotent: false, name: "smtp" });
    const [first, second] = await Promise.all([
      deliverEmails({ ctx: deliverCtx(provider), input: batch.slice(0, 60) }),
      deliverEmails({ ctx: deliverCtx(provider), input: batch.slice(20, 80) }),
    ]);
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    expect(accepted.size).toBe(80);
    // Each message is acknowledged once it is sent; one held by the other delivery is retried.
    for (const { messageId } of batch) {
      const outcomes = [first.get(messageId), second.get(messageId)].filter(Boolean);
      expect(outcomes.some((o) => o?.outcome === "sent")).toBe(true);
      expect(
        outcomes.every(
          (o) => o?.outcome === "sent" || o?.outcome === "retry" || o?.outcome === "already_done",
        ),
      ).toBe(true);
    }
    expect(
      [...(await statusOf(batch.map((i) => i.messageId))).values()].every((r) => r.status === "sent"),
    ).toBe(true);
  });

  it("makes the same call again after a delivery died mid-call, with every message of it, through a provider that deduplicates", async () => {
    const a = (await newAccount(base)).principal.accountId;
    const batch = await queuedMessages(a, 30);
    const { provider, calls, accepted } = recordingProvider();
    const dying: EmailProvider = {
      ...provider,
      sendBatch: async (emails, options) => {
        await provider.sendBatch(emails, options);
        throw new Error("the isolate died after the provider took the call");
      },
    };
    await expect(deliverEmails({ ctx: deliverCtx(dying), input: batch })).rejects.toThrow(/isolate died/);
    // The queue redelivers part of the batch first: the whole call is claimed and made again.
    const outcomes = await deliverEmails({ ctx: deliverCtx(provider), input: batch.slice(0, 10) });
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual(calls[0]);
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    expect([...outcomes.values()].every((o) => o.outcome === "sent")).toBe(true);
    const rows = await statusOf(batch.map((i) => i.messageId));
    expect([...rows.values()].every((r) => r.status === "sent")).toBe(true);
    // The rest of the batch, redelivered later, finds its messages sent.
    const later = await deliverEmails({ ctx: deliverCtx(provider), input: batch.slice(10) });
    expect([...later.values()].every((o) => o.outcome === "already_done")).toBe(true);
  });

  it("fails, once its claim is stale, a message a delivery died sending through a provider that cannot deduplicate", async () => {
    const a = (await newAccount(base)).principal.accountId;
    const batch = await queuedMessages(a, 3);
    const { provider, accepted } = recordingProvider({ idempotent: false, name: "smtp" });
    const dying: EmailProvider = {
      ...provider,
      sendBatch: async (emails, options) => {
        await provider.sendBatch(emails, options);
        throw new Error("died");
      },
    };
    await expect(deliverEmails({ ctx: deliverCtx(dying), input: batch })).rejects.toThrow("died");
    const soon = await deliverEmails({ ctx: deliverCtx(provider), input: batch });
    expect([...soon.values()].every((o) => o.outcome === "retry")).toBe(true);
    const later = {
      ...deliverCtx(provider),
      now: () => new Date(clock.now.getTime() + CLAIM_TIMEOUT_MS + 1),
    };
    const stale = await deliverEmails({ ctx: later, input: batch });
    expect([...stale.values()].every((o) => o.outcome === "failed")).toBe(true);
    expect([...accepted.values()]).toEqual([1, 1, 1]);
    const rows = await statusOf(batch.map((i) => i.messageId));
    expect(
      [...rows.values()].every(
        (r) =>
          r.status === "failed" &&
          r.error?.startsWith("interrupted while sending through smtp: the outcome is unknown"),
      ),
    ).toBe(true);
  });

  it("repeats the call after an answer was lost, and keeps saying the message may have been delivered", async () => {
    const a = (await newAccount(base)).principal.accountId;
    const batch = await queuedMessages(a, 5);
    let lose = true;
    const { provider, calls, accepted } = recordingProvider({
      answer: () =>
        lose
          ? { ok: false, retryable: true, code: "timeout", message: "no answer", unknownOutcome: true }
          : { ok: true, providerMessageId: "p" },
    });
    const first = await deliverEmails({ ctx: deliverCtx(provider), input: batch });
    expect([...first.values()].every((o) => o.outcome === "retry")).toBe(true);
    const rows = await statusOf(batch.map((i) => i.messageId));
    expect([...rows.values()].every((r) => r.status === "queued" && r.sendKey !== null)).toBe(true);
    lose = false;
    // The provider saw the first call: the same call is answered as it was (lost), not sent again.
    await deliverEmails({ ctx: deliverCtx(provider), input: batch.slice(2) });
    expect(calls[1]).toEqual(calls[0]);
    expect([...accepted.values()]).toEqual([]);
  });

  it("reads a message's large attachments on their own when it is sent, not with the batch", async () => {
    const a = (await newAccount(base)).principal.accountId;
    const [small, large] = await queuedMessages(a, 2);
    const content = (bytes: number) => "A".repeat(Math.ceil(bytes / 3) * 4);
    const file = (messageId: string, size: number) => ({
      id: newId("att"),
      accountId: a,
      messageId,
      position: 0,
      filename: "report.pdf",
      contentType: "application/pdf",
      contentBase64: content(size),
      size,
    });
    await base.db
      .insert(messageAttachments)
      .values([file(small!.messageId, 1000), file(large!.messageId, BATCH_ATTACHMENT_BYTES + 1)]);
    const seen: EmailMessage[][] = [];
    const { provider } = recordingProvider();
    const watching: EmailProvider = {
      ...provider,
      send: async (email) => {
        seen.push([email]);
        return provider.send(email);
      },
      sendBatch: async (emails, options) => {
        seen.push([...emails]);
        return provider.sendBatch(emails, options);
      },
    };
    roundTrips = 0;
    await deliverEmails({ ctx: deliverCtx(watching), input: [small!, large!] });
    expect(roundTrips).toBe(4);
    expect(seen.map((call) => call.map((e) => e.attachments?.[0]?.contentBase64.length))).toEqual([
      [content(1000).length],
      [content(BATCH_ATTACHMENT_BYTES + 1).length],
    ]);
  });

  it("finds what it claims by the batch's ids and send keys, not by reading every queued message", async () => {
    const a = (await newAccount(base)).principal.accountId;
    await queuedMessages(a, 500); // a campaign's backlog, not in this batch
    const batch = await queuedMessages(a, 2);
    statements.length = 0;
    await deliverEmails({ ctx: deliverCtx(recordingProvider().provider), input: batch });
    const claim = statements.find((s) => /^update "messages" set "status"/.test(s.sql));
    expect(claim).toBeDefined();
    const plan = await client.execute({
      sql: `explain query plan ${claim?.sql}`,
      args: claim?.args as never,
    });
    const steps = plan.rows.map((row) => String(row.detail));
    expect(steps).toContain("SEARCH messages USING INDEX sqlite_autoindex_messages_1 (id=?)");
    expect(steps).toContain("SEARCH messages USING INDEX messages_send_key_idx (send_key=?)");
    expect(steps.filter((step) => /^SCAN messages|messages_status_claimed_idx/.test(step))).toEqual([]);
  });
});
