import { describe, expect, it } from "vitest";
import { faultProvider, InjectedCrash } from "../../src/email/fault-provider";
import type { EmailMessage } from "../../src/email/message";
import type { EmailProvider, SendBatchOptions, SendResult } from "../../src/email/provider";

const message: EmailMessage = {
  from: { email: "news@shop.example" },
  to: [{ email: "ann@example.com" }],
  subject: "Hi",
  text: "Hello",
};

/** A provider that accepts everything but a subject "refused" and counts what it was given. */
function counting(idempotent = false) {
  const sent: EmailMessage[] = [];
  const batches: { messages: readonly EmailMessage[]; options: SendBatchOptions | undefined }[] = [];
  const send = async (input: EmailMessage): Promise<SendResult> => {
    sent.push(input);
    if (input.subject === "refused") return { ok: false, retryable: false, code: "smtp_550", message: "no" };
    return { ok: true, providerMessageId: `id-${sent.length}` };
  };
  const provider: EmailProvider = {
    name: "resend",
    idempotent,
    send,
    async sendBatch(messages, options) {
      batches.push({ messages, options });
      const results: SendResult[] = [];
      for (const message of messages) results.push(await send(message));
      return results;
    },
  };
  return { provider, sent, batches };
}

/** mulberry32: a small seeded generator, so a run can be repeated exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Answers the given numbers in turn. */
const scripted =
  (...values: number[]) =>
  () => {
    const value = values.shift();
    if (value === undefined) throw new Error("no more numbers");
    return value;
  };

const rates = { transientRate: 0.2, permanentRate: 0.1, timeoutRate: 0.1, crashAfterSendRate: 0.5 };

describe("faultProvider", () => {
  it("is named fault and as idempotent as the provider it wraps", () => {
    expect(faultProvider(counting(true).provider, {})).toMatchObject({ name: "fault", idempotent: true });
    expect(faultProvider(counting(false).provider, {})).toMatchObject({ name: "fault", idempotent: false });
  });

  it("passes everything through with no faults configured", async () => {
    const inner = counting();
    const provider = faultProvider(inner.provider, { random: seeded(1) });
    for (let i = 1; i <= 20; i++)
      expect(await provider.send(message)).toEqual({ ok: true, providerMessageId: `id-${i}` });
    expect(inner.sent).toHaveLength(20);
  });

  it("picks the outcome from one draw: transient, permanent, timeout, else the inner provider", async () => {
    const inner = counting();
    const send = (...draws: number[]) =>
      faultProvider(inner.provider, { ...rates, random: scripted(...draws) }).send(message);
    expect(await send(0)).toEqual({
      ok: false,
      retryable: true,
      code: "injected_transient",
      message: "injected transient failure",
    });
    expect(await send(0.199)).toMatchObject({ code: "injected_transient" });
    expect(await send(0.2)).toEqual({
      ok: false,
      retryable: false,
      code: "injected_permanent",
      message: "injected permanent failure",
    });
    expect(await send(0.35)).toEqual({
      ok: false,
      retryable: true,
      code: "timeout",
      message: "injected timeout after 0 ms",
    });
    expect(inner.sent).toHaveLength(0);
    expect(await send(0.4, 0.5)).toEqual({ ok: true, providerMessageId: "id-1" });
    expect(inner.sent).toHaveLength(1);
  });

  it("throws InjectedCrash after the inner provider accepted, as a worker dying before it records the send", async () => {
    const inner = counting();
    const provider = faultProvider(inner.provider, { ...rates, random: scripted(0.9, 0.49) });
    const crash = await provider.send(message).catch((error: unknown) => error);
    expect(crash).toBeInstanceOf(InjectedCrash);
    expect(crash).toBeInstanceOf(Error);
    expect(crash).toMatchObject({ name: "InjectedCrash", providerMessageId: "id-1" });
    expect(inner.sent).toHaveLength(1);
  });

  it("can lose the answer after the inner provider took the message: retryable, outcome unknown", async () => {
    const inner = counting();
    const provider = faultProvider(inner.provider, { lostAfterSendRate: 1, random: seeded(5) });
    expect(await provider.send(message)).toEqual({
      ok: false,
      retryable: true,
      code: "injected_lost",
      message: "injected loss of the answer after the provider took the message",
      unknownOutcome: true,
    });
    expect(inner.sent).toHaveLength(1);
  });

  it("never crashes after a refusal by the inner provider", async () => {
    const provider = faultProvider(counting().provider, { crashAfterSendRate: 1, random: seeded(3) });
    expect(await provider.send({ ...message, subject: "refused" })).toMatchObject({ code: "smtp_550" });
    expect(await provider.sendBatch([{ ...message, subject: "refused" }])).toMatchObject([
      { code: "smtp_550" },
    ]);
  });

  it("keeps to the rates over many sends with a seeded generator, the same way every run", async () => {
    const run = async () => {
      const inner = counting();
      const provider = faultProvider(inner.provider, {
        ...rates,
        crashAfterSendRate: 0.05,
        random: seeded(42),
      });
      const outcomes: string[] = [];
      for (let i = 0; i < 2000; i++) {
        const result = await provider.send(message).catch((error: unknown) => error);
        outcomes.push(
          result instanceof InjectedCrash
            ? "crash"
            : (result as SendResult).ok
              ? "sent"
              : (result as { code: string }).code,
        );
      }
      return outcomes;
    };
    const outcomes = await run();
    expect(await run()).toEqual(outcomes);
    const share = (code: string) => outcomes.filter((outcome) => outcome === code).length / outcomes.length;
    expect(share("injected_transient")).toBeCloseTo(0.2, 1);
    expect(share("injected_permanent")).toBeCloseTo(0.1, 1);
    expect(share("timeout")).toBeCloseTo(0.1, 1);
    expect(share("crash")).toBeCloseTo(0.6 * 0.05, 1);
    expect(share("crash")).toBeGreaterThan(0);
    expect(share("sent")).toBeCloseTo(0.6 * 0.95, 1);
  });

  it("waits latencyMs before every send, then may answer timeout without calling the inner provider", async () => {
    const inner = counting();
    const slow = faultProvider(inner.provider, { latencyMs: 80, timeoutRate: 1, random: seeded(7) });
    const started = performance.now();
    expect(await slow.send(message)).toEqual({
      ok: false,
      retryable: true,
      code: "timeout",
      message: "injected timeout after 80 ms",
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(inner.sent).toHaveLength(0);
  });

  it("draws once per sendBatch call: a failure answers every message and the inner provider is not called", async () => {
    const inner = counting();
    const batch = [message, { ...message, subject: "refused" }, message];
    const sendBatch = (...draws: number[]) =>
      faultProvider(inner.provider, { ...rates, random: scripted(...draws) }).sendBatch(batch, {
        idempotencyKey: "batch_1",
      });
    expect(await sendBatch(0.1)).toEqual(
      batch.map(() => ({
        ok: false,
        retryable: true,
        code: "injected_transient",
        message: "injected transient failure",
      })),
    );
    expect(await sendBatch(0.25)).toMatchObject(batch.map(() => ({ code: "injected_permanent" })));
    expect(await sendBatch(0.35)).toMatchObject(batch.map(() => ({ code: "timeout" })));
    expect(inner.batches).toHaveLength(0);
    // Two draws for a call that reached the provider; `scripted` throws on a third.
    expect(await sendBatch(0.4, 0.9)).toEqual([
      { ok: true, providerMessageId: "id-1" },
      { ok: false, retryable: false, code: "smtp_550", message: "no" },
      { ok: true, providerMessageId: "id-3" },
    ]);
    expect(inner.batches).toEqual([{ messages: batch, options: { idempotencyKey: "batch_1" } }]);
  });

  it("crashes after a batch the inner provider accepted, naming its first accepted message", async () => {
    const inner = counting();
    const provider = faultProvider(inner.provider, { ...rates, random: scripted(0.9, 0.49) });
    const crash = await provider
      .sendBatch([{ ...message, subject: "refused" }, message, message])
      .catch((error: unknown) => error);
    expect(crash).toBeInstanceOf(InjectedCrash);
    expect(crash).toMatchObject({ providerMessageId: "id-2" });
    expect(inner.sent).toHaveLength(3);
  });

  it("loses the answer to every accepted message of a batch, keeping the refusals", async () => {
    const inner = counting();
    const provider = faultProvider(inner.provider, { lostAfterSendRate: 1, random: seeded(5) });
    expect(await provider.sendBatch([message, { ...message, subject: "refused" }])).toEqual([
      {
        ok: false,
        retryable: true,
        code: "injected_lost",
        message: "injected loss of the answer after the provider took the message",
        unknownOutcome: true,
      },
      { ok: false, retryable: false, code: "smtp_550", message: "no" },
    ]);
  });

  it("waits latencyMs once per sendBatch call, not once per message", async () => {
    const inner = counting();
    const slow = faultProvider(inner.provider, { latencyMs: 80, random: seeded(7) });
    const started = performance.now();
    expect(await slow.sendBatch(Array.from({ length: 5 }, () => message))).toHaveLength(5);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(75);
    expect(elapsed).toBeLessThan(5 * 80);
  });

  it("refuses rates outside 0–1 and failure rates adding up to more than 1", () => {
    const { provider } = counting();
    expect(() => faultProvider(provider, { transientRate: 1.5 })).toThrow(/transientRate/);
    expect(() => faultProvider(provider, { crashAfterSendRate: -0.1 })).toThrow(/crashAfterSendRate/);
    expect(() => faultProvider(provider, { permanentRate: Number.NaN })).toThrow(/permanentRate/);
    expect(() => faultProvider(provider, { transientRate: 0.6, timeoutRate: 0.6 })).toThrow(/more than 1/);
    expect(() => faultProvider(provider, { latencyMs: -1 })).toThrow(/latencyMs/);
  });
});
