import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { z } from "zod";
import { handleCursor } from "./cursor";
import { prepareDatabaseFile } from "./database";
import { HttpError } from "./errors";
import {
  hasBearerToken,
  hostHeaderAllowed,
  isLoopbackHost,
  mediaType,
  parseJson,
  readBody,
  send,
  sendError,
  sendJson,
  sendText,
} from "./http-io";
import { type LibsqlServerOptions, type Options, parseOptions } from "./options";
import { handlePipeline } from "./pipeline";
import { ConnectionPool } from "./pool";
import { cursorReqSchema, describeZodError, pipelineReqSchema } from "./protocol";
import { checkedCursor, checkedPipeline } from "./request-check";
import { StreamRegistry } from "./stream";
import { refuseUpgrade } from "./websocket";

export interface LibsqlServer {
  /** Base URL to hand to `createClient({ url })`, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  /** Stops listening, closes every stream (rolling back open transactions) and the database. */
  close(): Promise<void>;
  /** Requests served (pipelines and cursors): each is one network round trip of a client. */
  readonly roundTrips: number;
  /** Those of one client named in `clientTokens`. */
  roundTripsOf(client: string): number;
}

interface Context {
  options: Options;
  streams: StreamRegistry;
  checkHost: boolean;
  roundTrips: number;
  clientTrips: Map<string, number>;
}

const PIPELINE_PATHS = new Set(["/v2/pipeline", "/v3/pipeline"]);
const CURSOR_PATH = "/v3/cursor";

function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  let parsed: ReturnType<z.ZodType<T>["safeParse"]>;
  try {
    parsed = schema.safeParse(value);
  } catch {
    throw new HttpError(400, "Request body is nested too deeply", "INVALID_REQUEST");
  }
  if (!parsed.success) throw new HttpError(400, describeZodError(parsed.error), "INVALID_REQUEST");
  return parsed.data;
}

async function readJsonRequest(ctx: Context, req: IncomingMessage): Promise<unknown> {
  const type = mediaType(req);
  if (type === "application/x-protobuf") {
    throw new HttpError(415, "Protobuf encoding is not supported; use JSON", "PROTOBUF_NOT_SUPPORTED");
  }
  if (type !== "application/json") {
    throw new HttpError(415, "Content-Type must be application/json", "UNSUPPORTED_MEDIA_TYPE");
  }
  return parseJson(await readBody(req, ctx.options.maxBodyBytes));
}

async function route(ctx: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? "GET";
  const path = (req.url ?? "/").split("?")[0] ?? "/";
  if (ctx.checkHost && !hostHeaderAllowed(req)) {
    throw new HttpError(403, "The Host header must name a loopback address", "FORBIDDEN_HOST");
  }
  if (method === "GET" || method === "HEAD") {
    if (path === "/" || path === "/health") return sendText(res, 200, "ok\n");
    // Version probes: the official client sends them without credentials, so they stay open too.
    if (path === "/v2" || path === "/v3")
      return sendText(res, 200, `Hrana over HTTP, ${path.slice(1)} (JSON)\n`);
  }
  const client = Object.entries(ctx.options.clientTokens ?? {}).find(([, token]) =>
    hasBearerToken(req, token),
  )?.[0];
  if (ctx.options.authToken !== undefined && !client && !hasBearerToken(req, ctx.options.authToken)) {
    res.setHeader("www-authenticate", "Bearer");
    throw new HttpError(401, "Unauthorized: a valid Authorization: Bearer token is required", "UNAUTHORIZED");
  }
  const known = PIPELINE_PATHS.has(path) || path === CURSOR_PATH;
  if (!known) {
    if (path.startsWith("/v3-protobuf")) {
      throw new HttpError(
        404,
        "Protobuf encoding is not supported; use JSON (/v2, /v3)",
        "PROTOBUF_NOT_SUPPORTED",
      );
    }
    throw new HttpError(404, `Not found: ${method} ${path}`, "NOT_FOUND");
  }
  if (method !== "POST") {
    res.setHeader("allow", "POST");
    throw new HttpError(405, `Method ${method} not allowed on ${path}`, "METHOD_NOT_ALLOWED");
  }
  const json = await readJsonRequest(ctx, req);
  ctx.roundTrips += 1;
  if (client) ctx.clientTrips.set(client, (ctx.clientTrips.get(client) ?? 0) + 1);
  if (path === CURSOR_PATH) {
    const body = await handleCursor(ctx.streams, checkedCursor(json) ?? parseBody(cursorReqSchema, json));
    return send(res, 200, "application/x-ndjson", body);
  }
  const request = checkedPipeline(json) ?? parseBody(pipelineReqSchema, json);
  sendJson(res, 200, await handlePipeline(ctx.streams, request));
}

function handle(ctx: Context, req: IncomingMessage, res: ServerResponse): void {
  route(ctx, req, res).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    try {
      sendError(res, error instanceof HttpError ? error : new HttpError(500, message, "INTERNAL_ERROR"));
    } catch {
      res.destroy();
    }
  });
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("server has no TCP address"));
      else resolve(address);
    });
  });
}

function baseUrl(address: AddressInfo): string {
  let host = address.address;
  if (host === "0.0.0.0") host = "127.0.0.1";
  else if (host === "::") host = "::1";
  return `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
}

/**
 * Starts a Hrana-over-HTTP (JSON) server on an embedded libsql database. Each stream gets its own
 * connection to the database file (WAL mode), so interactive transactions are isolated and concurrent.
 */
export async function startLibsqlServer(input: LibsqlServerOptions): Promise<LibsqlServer> {
  const options = parseOptions(input);
  const database = prepareDatabaseFile(options.path);
  const pool = new ConnectionPool(database.file);
  const streams = new StreamRegistry({
    idleMs: options.streamIdleMs,
    maxStreams: options.maxStreams,
    busyTimeoutMs: options.busyTimeoutMs,
    pool,
  });
  const ctx: Context = {
    options,
    streams,
    checkHost: isLoopbackHost(options.host),
    roundTrips: 0,
    clientTrips: new Map(),
  };
  const server = createServer((req, res) => handle(ctx, req, res));
  // Hrana over WebSocket is not spoken: upgrade requests are refused with a message naming HTTP.
  const upgrades = new Set<Duplex>();
  server.on("upgrade", (req: IncomingMessage, socket: Duplex) =>
    refuseUpgrade(req, socket, ctx.checkHost, upgrades),
  );
  let address: AddressInfo;
  try {
    address = await listen(server, options.port, options.host);
  } catch (error) {
    streams.closeAll();
    pool.closeAll();
    database.dispose();
    throw error;
  }
  server.on("error", () => {
    // errors after listening (e.g. EMFILE) concern single sockets; the server keeps serving
  });

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    for (const socket of upgrades) socket.destroy();
    const force = setTimeout(() => server.closeAllConnections(), 1000);
    force.unref();
    streams.closeAll();
    await stopped;
    clearTimeout(force);
    streams.closeAll(); // streams opened by requests that were still running
    pool.closeAll();
    database.dispose();
  };
  return {
    url: baseUrl(address),
    roundTripsOf: (client: string) => ctx.clientTrips.get(client) ?? 0,
    get roundTrips() {
      return ctx.roundTrips;
    },
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
