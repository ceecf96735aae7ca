import type { EmailMessage } from "./message";
import type { EmailProvider, SendBatchOptions, SendResult } from "./provider";

/**
 * Thrown by {@link faultProvider} after the inner provider accepted a message: the worker "dies"
 * before it can record the send, as a real crash between the provider's answer and the database
 * write would. Whoever sends again will deliver a second copy unless the provider is idempotent.
 */
export class InjectedCrash extends Error {
  override readonly name = "InjectedCrash";
  constructor(
    /** What the inner provider answered for the message it accepted. */
    readonly providerMessageId: string,
  ) {
    super(`injected crash after the provider accepted the message (${providerMessageId})`);
  }
}

export interface FaultOptions {
  /** Share of sends answered with a retryable `injected_transient` failure (0–1). */
  transientRate?: number;
  /** Share answered with a permanent `injected_permanent` failure. */
  permanentRate?: number;
  /** Share answered with a retryable `timeout`, after `latencyMs`. */
  timeoutRate?: number;
  /** Wait before every send, in milliseconds (a slow provider). */
  latencyMs?: number;
  /** Share of accepted sends followed by an {@link InjectedCrash}. */
  crashAfterSendRate?: number;
  /**
   * Share of accepted sends whose answer is "lost": a retryable `injected_lost` failure with an
   * unknown outcome, as when a connection drops after the provider took the message.
   */
  lostAfterSendRate?: number;
  /** Numbers in [0, 1); `Math.random` by default, a seeded generator in tests. */
  random?: () => number;
}

type Accepted = Extract<SendResult, { ok: true }>;

const RATES = [
  "transientRate",
  "permanentRate",
  "timeoutRate",
  "crashAfterSendRate",
  "lostAfterSendRate",
] as const;

/**
 * Wraps a provider to test what the delivery pipeline does when providers misbehave. Each send
 * waits `latencyMs`, then draws one number: below `transientRate` it fails transiently, below
 * `transientRate + permanentRate` permanently, below that plus `timeoutRate` it answers `timeout`
 * — in all three the inner provider is never called. Otherwise the inner provider sends; when it
 * accepted, a second draw below `crashAfterSendRate` throws {@link InjectedCrash}, and below that plus
 * `lostAfterSendRate` the answer is lost (`injected_lost`, `unknownOutcome`).
 * `sendBatch` does the same once per call: the draws decide for every message of the batch, and a
 * crash carries the first accepted message's id.
 * `idempotent` is the inner provider's. Throws at once when a rate is outside 0–1 or the first
 * three add up to more than 1.
 */
export function faultProvider(inner: EmailProvider, options: FaultOptions): EmailProvider {
  for (const rate of RATES) {
    const value = options[rate] ?? 0;
    if (!(value >= 0 && value <= 1))
      throw new Error(`Invalid fault configuration: ${rate} must be from 0 to 1`);
  }
  const transient = options.transientRate ?? 0;
  const permanent = transient + (options.permanentRate ?? 0);
  const timeout = permanent + (options.timeoutRate ?? 0);
  if (timeout > 1) throw new Error("Invalid fault configuration: the failure rates add up to more than 1");
  const latencyMs = options.latencyMs ?? 0;
  if (!(latencyMs >= 0 && latencyMs <= 300_000)) {
    throw new Error("Invalid fault configuration: latencyMs must be from 0 to 300000");
  }
  const random = options.random ?? Math.random;
  const crash = options.crashAfterSendRate ?? 0;
  const lost = crash + (options.lostAfterSendRate ?? 0);

  /** The first draw: a failure before the inner provider is called, or undefined to call it. */
  async function before(): Promise<SendResult | undefined> {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const draw = random();
    if (draw < transient) {
      return {
        ok: false,
        retryable: true,
        code: "injected_transient",
        message: "injected transient failure",
      };
    }
    if (draw < permanent) {
      return {
        ok: false,
        retryable: false,
        code: "injected_permanent",
        message: "injected permanent failure",
      };
    }
    if (draw < timeout) {
      return {
        ok: false,
        retryable: true,
        code: "timeout",
        message: `injected timeout after ${latencyMs} ms`,
      };
    }
    return undefined;
  }

  /** The second draw, after the inner provider accepted: throws, loses the answer, or passes it on. */
  function after(accepted: string): "lost" | undefined {
    const draw = random();
    if (draw < crash) throw new InjectedCrash(accepted);
    return draw < lost ? "lost" : undefined;
  }

  const lostAnswer: SendResult = {
    ok: false,
    retryable: true,
    code: "injected_lost",
    message: "injected loss of the answer after the provider took the message",
    unknownOutcome: true,
  };

  return {
    name: "fault",
    idempotent: inner.idempotent,
    async send(message: EmailMessage): Promise<SendResult> {
      const failed = await before();
      if (failed) return failed;
      const result = await inner.send(message);
      if (!result.ok) return result;
      return after(result.providerMessageId) === "lost" ? lostAnswer : result;
    },
    /** One draw for the whole call, as a provider's batch request fails or succeeds as a whole. */
    async sendBatch(messages: readonly EmailMessage[], batch?: SendBatchOptions): Promise<SendResult[]> {
      const failed = await before();
      if (failed) return messages.map(() => failed);
      const results = await inner.sendBatch(messages, batch);
      const first = results.find((result): result is Accepted => result.ok);
      if (first === undefined) return results;
      if (after(first.providerMessageId) !== "lost") return results;
      return results.map((result) => (result.ok ? lostAnswer : result));
    },
  };
}
