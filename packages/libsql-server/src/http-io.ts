import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "./errors";
import { stringifyJson } from "./values";

/**
 * Reads the whole request body, failing with 413 as soon as it exceeds `limit` bytes (from the
 * Content-Length header when present, otherwise while reading).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(413, `Request body exceeds the limit of ${limit} bytes`, "BODY_TOO_LARGE");
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      reject(error);
    };
    req.on("data", (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) fail(tooLarge());
      else chunks.push(chunk);
    });
    req.on("end", () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks));
    });
    req.on("error", fail);
    req.on("close", () => fail(new Error("the request was aborted before its body was complete")));
  });
}

/** Parses a JSON body; anything unparsable is a 400. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new HttpError(400, `Request body is not valid JSON: ${detail}`, "INVALID_JSON");
  }
}

/** The media type of the request, lowercased, without parameters ("" if absent). */
export function mediaType(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  // Exactly "application/json": the Hrana client parses error bodies only for that content type.
  send(res, status, "application/json", stringifyJson(body));
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  send(res, status, "text/plain; charset=utf-8", text);
}

export function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Error body: `error` (the server's HTTP error shape) plus Hrana's `Error` fields `message` and `code`,
 * which the official client turns into a LibsqlError carrying that code.
 */
export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error.status === 413) res.setHeader("connection", "close");
  sendJson(res, error.status, { error: error.message, message: error.message, code: error.code });
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Checks `Authorization: Bearer <token>` in constant time (hashing first equalises the lengths). */
export function hasBearerToken(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const given = match?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}

/** Whether a host name or address is a loopback one (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return (
    name === "localhost" ||
    name.endsWith(".localhost") ||
    name === "[::1]" ||
    name === "::1" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

/**
 * On a loopback-bound server, a Host header naming anything but a loopback address means a browser
 * was pointed at us through DNS rebinding; such requests are refused.
 */
export function hostHeaderAllowed(req: IncomingMessage): boolean {
  const host = req.headers.host;
  if (host === undefined || host === "") return true;
  const hostname = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : (host.split(":")[0] ?? "");
  return isLoopbackHost(hostname);
}
