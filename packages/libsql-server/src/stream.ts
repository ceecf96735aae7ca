import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Connection } from "./connection";
import { HttpError, RequestError } from "./errors";
import type { ExecTarget } from "./execute";
import type { ConnectionPool } from "./pool";

/** Stored SQL texts per stream: bounded so one client cannot grow the server's memory without limit. */
const MAX_STORED_SQL = 1000;
/** Expired streams are remembered this long, to answer "expired" rather than "invalid baton". */
const TOMBSTONE_MS = 5 * 60_000;
const MAX_TOMBSTONES = 10_000;

/** A Hrana stream: one database connection, its stored SQL texts, and the baton that reaches it. */
export class Stream implements ExecTarget {
  readonly sqls = new Map<number, string>();
  /** The secret half of the one baton that is currently valid ("" while a request holds the stream). */
  secret = "";
  busy = false;
  closed = false;
  lastUsed = Date.now();
  #conn: Connection | undefined;

  constructor(
    readonly id: string,
    readonly busyTimeoutMs: number,
    private readonly pool: ConnectionPool,
  ) {}

  /** The connection, taken from the pool on first use. */
  get conn(): Connection {
    if (this.closed) throw new RequestError("The stream is closed", "STREAM_CLOSED");
    this.#conn ??= this.pool.acquire();
    return this.#conn;
  }

  storeSql(sqlId: number, sql: string): void {
    if (this.sqls.has(sqlId)) throw new RequestError(`sql_id ${sqlId} is already in use`, "SQL_ID_IN_USE");
    if (this.sqls.size >= MAX_STORED_SQL) {
      throw new RequestError(`A stream can store at most ${MAX_STORED_SQL} SQL texts`, "SQL_STORE_LIMIT");
    }
    this.sqls.set(sqlId, sql);
  }

  /** Ends the stream: its transaction is rolled back and the connection returned to the pool. */
  close(): void {
    this.closed = true;
    this.sqls.clear();
    if (this.#conn !== undefined) this.pool.release(this.#conn);
    this.#conn = undefined;
  }
}

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && b.length > 0 && timingSafeEqual(a, b);
}

export interface StreamRegistryOptions {
  idleMs: number;
  maxStreams: number;
  busyTimeoutMs: number;
  pool: ConnectionPool;
}

/**
 * Streams by id, with single-use batons `<stream id>.<secret>` (both crypto-random): every response
 * carries a fresh secret and the previous one stops working. Streams idle for longer than `idleMs` are
 * closed (rolling back their transactions). At most `maxStreams` streams are open at once.
 */
export class StreamRegistry {
  readonly #streams = new Map<string, Stream>();
  readonly #expired = new Map<string, number>();
  readonly #timer: NodeJS.Timeout;

  constructor(private readonly options: StreamRegistryOptions) {
    // Short enough that a stream expires well within the default busy timeout (idleMs + 1 s).
    const period = Math.min(250, Math.max(10, Math.floor(options.idleMs / 4)));
    this.#timer = setInterval(() => this.#sweep(), period);
    this.#timer.unref();
  }

  /** Opens a new stream (no baton) or takes the one the baton names, for the duration of one request. */
  acquire(baton: string | null | undefined): Stream {
    if (baton == null) {
      this.#checkCapacity();
      let id = randomToken(12);
      while (this.#streams.has(id)) id = randomToken(12);
      const stream = new Stream(id, this.options.busyTimeoutMs, this.options.pool);
      stream.busy = true;
      this.#streams.set(id, stream);
      return stream;
    }
    const dot = baton.indexOf(".");
    const id = dot < 0 ? "" : baton.slice(0, dot);
    const stream = this.#streams.get(id);
    if (stream === undefined) {
      if (this.#expired.has(id)) {
        throw new HttpError(400, "The stream has expired due to inactivity", "STREAM_EXPIRED");
      }
      throw new HttpError(400, "Invalid baton: no such stream (it may have been closed)", "BATON_INVALID");
    }
    if (stream.busy) {
      throw new HttpError(400, "The baton is in use by a request that has not finished", "BATON_REUSED");
    }
    if (!sameSecret(baton.slice(dot + 1), stream.secret)) {
      throw new HttpError(
        400,
        "The baton was already used: every baton is valid for one request",
        "BATON_REUSED",
      );
    }
    stream.busy = true;
    stream.secret = "";
    return stream;
  }

  /** Ends a request on the stream: returns the next baton, or null if the stream was closed. */
  release(stream: Stream): string | null {
    stream.busy = false;
    stream.lastUsed = Date.now();
    if (stream.closed) {
      this.#streams.delete(stream.id);
      return null;
    }
    stream.secret = randomToken(24);
    return `${stream.id}.${stream.secret}`;
  }

  /** Closes a stream and forgets it. */
  discard(stream: Stream): void {
    stream.close();
    this.#streams.delete(stream.id);
  }

  closeAll(): void {
    clearInterval(this.#timer);
    for (const stream of this.#streams.values()) stream.close();
    this.#streams.clear();
    this.#expired.clear();
  }

  #checkCapacity(): void {
    const max = this.options.maxStreams;
    if (this.#streams.size < max) return;
    this.#sweep(); // streams past their idle time that the timer has not closed yet
    if (this.#streams.size < max) return;
    throw new HttpError(
      503,
      `Too many open streams (at most ${max}): close streams when done, or wait for idle ones to expire`,
      "TOO_MANY_STREAMS",
    );
  }

  #sweep(): void {
    const now = Date.now();
    for (const stream of this.#streams.values()) {
      if (!stream.busy && now - stream.lastUsed > this.options.idleMs) {
        this.discard(stream);
        this.#expired.set(stream.id, now);
      }
    }
    for (const [id, at] of this.#expired) {
      if (now - at <= TOMBSTONE_MS && this.#expired.size <= MAX_TOMBSTONES) break;
      this.#expired.delete(id);
    }
  }
}
