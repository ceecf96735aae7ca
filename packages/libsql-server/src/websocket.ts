import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { hostHeaderAllowed } from "./http-io";

/**
 * Hrana over WebSocket is not spoken here; a client given a `ws://`/`wss://` URL must fail with a
 * message that says what to use instead. WebSocket clients (Node's `ws`, browsers, workerd) never show
 * the body of a refused handshake, only "Unexpected server response: 501" or less, so a proper
 * handshake is accepted and the connection closed at once with close code 1008 and this reason, which
 * the client reports (`HRANA_WEBSOCKET_ERROR: WebSocket was closed with code 1008: ...`). Any other
 * upgrade request gets a plain `501` with the same message.
 */
const WEBSOCKET_REFUSAL =
  "This server speaks Hrana over HTTP only: use an http:// URL (POST /v2/pipeline or /v3/pipeline)";

const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/** RFC 6455 close code "policy violation": the generic refusal. */
const CLOSE_POLICY_VIOLATION = 1008;
/** How long a refused connection may stay open waiting for the client's side of the close. */
const LINGER_MS = 1000;
/** An HTTP token (RFC 9110), the form of a subprotocol name. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return (Array.isArray(value) ? value.join(",") : (value ?? "")).trim();
}

function tokens(value: string): string[] {
  return value
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
}

/** An HTTP/1.1 response written straight to the socket (the HTTP parser has let go of it). */
function rawResponse(status: string, headers: Record<string, string | number>, body = ""): string {
  const lines = [
    `HTTP/1.1 ${status}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

function rawJsonError(status: string, message: string, code: string): string {
  const body = JSON.stringify({ error: message, message, code });
  return rawResponse(
    status,
    {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      connection: "close",
    },
    body,
  );
}

/** A server-to-client (unmasked) close frame; the reason must fit in 123 bytes. */
function closeFrame(code: number, reason: string): Buffer {
  const text = Buffer.from(reason, "utf8");
  if (text.length > 123) throw new Error("WebSocket close reason longer than 123 bytes");
  const frame = Buffer.alloc(4 + text.length);
  frame[0] = 0x88; // FIN + opcode 8 (close)
  frame[1] = 2 + text.length;
  frame.writeUInt16BE(code, 2);
  text.copy(frame, 4);
  return frame;
}

/** Whether the request is a well-formed RFC 6455 opening handshake (version 13, a 16-byte key). */
function webSocketKey(req: IncomingMessage): string | null {
  if (req.method !== "GET") return null;
  if (!tokens(header(req, "upgrade").toLowerCase()).includes("websocket")) return null;
  if (header(req, "sec-websocket-version") !== "13") return null;
  const key = header(req, "sec-websocket-key");
  return /^[A-Za-z0-9+/]{22}==$/.test(key) ? key : null;
}

/**
 * Answers an HTTP upgrade request (Node's `upgrade` event: the socket is no longer parsed as HTTP) with
 * a refusal, and closes the socket. The socket is registered in `open` until it has closed.
 */
export function refuseUpgrade(req: IncomingMessage, socket: Duplex, checkHost: boolean, open: Set<Duplex>) {
  open.add(socket);
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  linger.unref();
  socket.on("error", () => socket.destroy());
  socket.on("close", () => {
    clearTimeout(linger);
    open.delete(socket);
  });
  socket.resume(); // whatever the client sends (its hello, its close frame) is read and dropped

  if (checkHost && !hostHeaderAllowed(req)) {
    socket.end(
      rawJsonError("403 Forbidden", "The Host header must name a loopback address", "FORBIDDEN_HOST"),
    );
    return;
  }
  const key = webSocketKey(req);
  if (key === null) {
    socket.end(rawJsonError("501 Not Implemented", WEBSOCKET_REFUSAL, "WEBSOCKET_NOT_SUPPORTED"));
    return;
  }
  const accept = createHash("sha1").update(`${key}${WEBSOCKET_GUID}`).digest("base64");
  // A client that offers subprotocols fails the handshake unless one is echoed; which one is moot.
  const protocol = tokens(header(req, "sec-websocket-protocol")).find((token) => TOKEN.test(token));
  const headers: Record<string, string> = {
    upgrade: "websocket",
    connection: "Upgrade",
    "sec-websocket-accept": accept,
  };
  if (protocol !== undefined) headers["sec-websocket-protocol"] = protocol;
  socket.write(rawResponse("101 Switching Protocols", headers));
  socket.end(closeFrame(CLOSE_POLICY_VIOLATION, WEBSOCKET_REFUSAL));
}
