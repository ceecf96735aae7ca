/**
 * What the HTTP adapters (SES, Postmark, Resend) share: the endpoint rule, one request with a
 * timeout, and the pieces of a message every JSON API wants in the same form.
 */
import {
  type EmailMessage,
  InvalidEmailMessageError,
  parseEmailMessage,
  type ValidEmailMessage,
} from "./message";
import type { SendResult } from "./provider";

export type Failure = Extract<SendResult, { ok: false }>;

/** Every HTTP adapter's options besides its credentials. */
export interface HttpApiOptions {
  /** Base URL of the API, e.g. a loopback server in tests; the provider's own host by default. */
  endpoint?: string;
  /** How long the whole exchange may take, in milliseconds (15 s by default). */
  timeoutMs?: number;
}

export interface HttpApi {
  base: string;
  timeoutMs: number;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Checks an adapter's endpoint and timeout, throwing an Error that names `what` and the problem
 * (never a credential). Plain `http:` only for loopback hosts: anything else would send the
 * credentials in the clear.
 */
export function httpApi(what: string, defaultEndpoint: string, options: HttpApiOptions): HttpApi {
  let url: URL;
  try {
    url = new URL(options.endpoint ?? defaultEndpoint);
  } catch {
    throw new Error(`Invalid ${what} configuration: endpoint must be an absolute URL`);
  }
  const loopback = url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !loopback) {
    throw new Error(
      `Invalid ${what} configuration: endpoint must be https: (http: only on 127.0.0.1/localhost)`,
    );
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    throw new Error(
      `Invalid ${what} configuration: endpoint must not carry credentials, a query or a fragment`,
    );
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 300_000) {
    throw new Error(`Invalid ${what} configuration: timeoutMs must be a whole number from 1 to 300000`);
  }
  return { base: url.href.replace(/\/+$/, ""), timeoutMs };
}

/** An answer, whatever its status; `json` is undefined when the body is not JSON. */
export interface Reply {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Makes one request and reads the whole answer within `timeoutMs` (AbortSignal.timeout). A
 * timeout is a retryable `timeout`; a request that never got an answer (refused, reset, DNS) a
 * retryable `network_error`; both with an unknown outcome, as the request may have been taken.
 */
export async function exchange(
  timeoutMs: number,
  request: (signal: AbortSignal) => Promise<Response>,
): Promise<Reply | Failure> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await request(signal);
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, json, text };
  } catch (error) {
    // The request may have reached the provider before the answer was lost.
    if (signal.aborted) {
      return {
        ok: false,
        retryable: true,
        code: "timeout",
        message: `no answer within ${timeoutMs} ms`,
        unknownOutcome: true,
      };
    }
    return {
      ok: false,
      retryable: true,
      code: "network_error",
      message: reason(error).slice(0, 500),
      unknownOutcome: true,
    };
  }
}

/** 408, 429 and 5xx may pass; any other 4xx will not. */
export const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** A string field of a JSON object, if it is one. */
export function field(json: unknown, name: string): string | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  const value = (json as Record<string, unknown>)[name];
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

/**
 * A 2xx whose body names no message id: the provider most likely took the message, so only an
 * idempotent provider may be asked again; for the others a retry could deliver twice.
 */
export const unreadableSuccess = (reply: Reply, idempotent: boolean): Failure => ({
  ok: false,
  retryable: idempotent,
  code: "invalid_response",
  message: `HTTP ${reply.status} without a message id: ${reply.text.slice(0, 200)}`,
});

/** One message of a batch: its place in the caller's list and its JSON in the request. */
export interface BatchItem {
  index: number;
  json: string;
}

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/**
 * Groups items into batch requests of at most `maxCount` items and `maxBytes` bytes of JSON, in
 * their order: the same messages always make the same requests, byte for byte.
 */
export function batchRequests<T extends BatchItem>(
  items: readonly T[],
  maxCount: number,
  maxBytes = Number.POSITIVE_INFINITY,
): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let bytes = 2;
  for (const item of items) {
    const size = Number.isFinite(maxBytes) ? utf8Length(item.json) + 1 : 0;
    if (group.length === maxCount || (group.length > 0 && bytes + size > maxBytes)) {
      groups.push(group);
      group = [];
      bytes = 2;
    }
    group.push(item);
    bytes += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/** The JSON array of a batch request, as `JSON.stringify` would write it. */
export const batchBody = (group: readonly BatchItem[]): string =>
  `[${group.map((item) => item.json).join(",")}]`;

/**
 * Each item of a batch request paired with the answer's entry at its place, or undefined unless
 * `entries` is an array of exactly one entry per item (then nothing in it can be trusted).
 */
export function answerEntries<T>(entries: unknown, group: readonly T[]): [T, unknown][] | undefined {
  if (!Array.isArray(entries) || entries.length !== group.length) return undefined;
  return group.map((item, position) => [item, entries[position]]);
}

/** `Name <address>`, the name quoted (RFC 5322) when it holds anything but letters, digits and spaces. */
export function mailboxText(mailbox: { email: string; name?: string | undefined }): string {
  if (mailbox.name === undefined || mailbox.name === "") return mailbox.email;
  const plain = /^[\p{L}\p{N} ]+$/u.test(mailbox.name) && mailbox.name.trim() === mailbox.name;
  const name = plain ? mailbox.name : `"${mailbox.name.replace(/[\\"]/g, "\\$&")}"`;
  return `${name} <${mailbox.email}>`;
}

/** The extra headers an API adds to the message it builds: the caller's, then List-Unsubscribe (RFC 8058). */
export function apiHeaders(message: ValidEmailMessage): [string, string][] {
  const headers = Object.entries(message.headers ?? {});
  const unsubscribe = message.listUnsubscribe;
  if (unsubscribe === undefined) return headers;
  const targets = [...(unsubscribe.mailto ? [`<mailto:${unsubscribe.mailto}>`] : []), `<${unsubscribe.url}>`];
  return [
    ...headers,
    ["List-Unsubscribe", targets.join(", ")],
    ["List-Unsubscribe-Post", "List-Unsubscribe=One-Click"],
  ];
}

/** The message validated, or the permanent `invalid_message` failure that sends nothing. */
export function validMessage(input: EmailMessage): ValidEmailMessage | Failure {
  try {
    return parseEmailMessage(input);
  } catch (error) {
    if (!(error instanceof InvalidEmailMessageError)) throw error;
    return { ok: false, retryable: false, code: "invalid_message", message: error.message };
  }
}
