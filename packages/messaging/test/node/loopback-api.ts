import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server received it. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the server answers: a status, headers, a JSON (or raw text) body — or nothing at all. */
export type Answer =
  | { status: number; headers?: Record<string, string>; json?: unknown; text?: string }
  | "hang";

/** A fixed answer, or one chosen (and perhaps delayed) per request. */
type Answering = Answer | ((request: Received) => Answer | Promise<Answer>);

/**
 * An HTTP server on 127.0.0.1 standing in for a provider's API: it records every request and
 * answers each with `answer` (set it before sending). "hang" never answers, for timeouts.
 */
export async function loopbackApi() {
  const received: Received[] = [];
  const state: { answer: Answering } = { answer: { status: 500, text: "no answer set" } };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const seen: Received = {
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      received.push(seen);
      const answer = typeof state.answer === "function" ? await state.answer(seen) : state.answer;
      if (answer === "hang") return;
      const body = answer.json === undefined ? (answer.text ?? "") : JSON.stringify(answer.json);
      const type = answer.json === undefined ? "text/plain" : "application/json";
      response.writeHead(answer.status, { "content-type": type, ...answer.headers }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** The last request received. */
    last: (): Received => {
      const request = received.at(-1);
      if (request === undefined) throw new Error("no request received");
      return request;
    },
    answer(next: Answering) {
      state.answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback URL nothing listens on. */
export async function closedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
