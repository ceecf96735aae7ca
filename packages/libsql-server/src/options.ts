import { z } from "zod";

/** How much the default busy timeout exceeds `streamIdleMs` (more than the streams' sweep period). */
const BUSY_TIMEOUT_MARGIN_MS = 1000;

const optionsSchema = z
  .object({
    /** Database file path (created if missing), or ":memory:" for a private database deleted on close. */
    path: z.string(),
    /** Interface to listen on. Default 127.0.0.1 (loopback only). */
    host: z.string().min(1).default("127.0.0.1"),
    /** TCP port; 0 picks a free one (read the actual one from `url`). Default 8080. */
    port: z.number().int().min(0).max(65535).default(8080),
    /** If set, every request but health checks and version probes needs `Authorization: Bearer <token>`. */
    authToken: z.string().min(1).optional(),
    /**
     * More tokens, each for one named client (e.g. one worker): it is let in with its own token, and
     * its round trips are counted under its name as well (`roundTripsOf`). Needs `authToken`.
     */
    clientTokens: z.record(z.string(), z.string().min(1)).optional(),
    /** Streams idle for longer than this are closed and their transactions rolled back. Default 10 s. */
    streamIdleMs: z.number().int().positive().default(10_000),
    /**
     * Most streams open at once (each holds an engine connection, i.e. file descriptors). A request
     * that would open another one gets `503 TOO_MANY_STREAMS`; closed and expired streams free their
     * slot. Default 128.
     */
    maxStreams: z.number().int().positive().default(128),
    /** Largest accepted request body; larger ones get 413. Default 10 MiB. */
    maxBodyBytes: z
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    /**
     * How long a statement waits for a lock held by another stream before failing with SQLITE_BUSY.
     * Default `streamIdleMs` + 1 s, so that a writer outlasts a transaction abandoned by its client
     * (rolled back when its stream expires). A shorter value makes writers fail while one is pending.
     */
    busyTimeoutMs: z.number().int().min(0).optional(),
  })
  .transform((options) => ({
    ...options,
    busyTimeoutMs: options.busyTimeoutMs ?? options.streamIdleMs + BUSY_TIMEOUT_MARGIN_MS,
  }));

export type LibsqlServerOptions = z.input<typeof optionsSchema>;
export type Options = z.output<typeof optionsSchema>;

/** Validates the options and fills in the defaults. Throws on invalid options. */
export function parseOptions(input: LibsqlServerOptions): Options {
  return optionsSchema.parse(input);
}
