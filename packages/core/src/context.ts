import type { DeliveryMessage } from "@edgepost/contracts";
import { createDb, type Database } from "@edgepost/db";
import type { readAccount } from "./accounts/get-account";
import { log } from "./logging/log";

/** What every verb runs with: the database, the clock, and a way to finish work after the response. */
export interface Ctx {
  db: Database;
  now: () => Date;
  /** Work that must finish but need not delay the caller (Workers' `ctx.waitUntil`). */
  waitUntil: (work: Promise<unknown>) => void;
}

type AccountView = Awaited<ReturnType<typeof readAccount>>;

/** An authenticated caller of the API, already resolved from its credential. */
export interface Principal {
  accountId: string;
  accountStatus: "active" | "suspended";
  /** `usr_…` for a signed-in user, `key_…` for an API key. */
  actor: string;
  /** A signed-in user's role; API keys have none and act by their scopes. */
  role?: "owner" | "admin" | "editor" | "viewer";
  scopes: readonly string[];
  /** An API key's rate-limit tier: its account's plan, or `restricted` by the operator. */
  rateLimit?: "free" | "subscription" | "restricted";
  /** The account as read in the same statement as the credentials, for this request. */
  account?: AccountView;
}

/** The context of a verb acting for one account: every read and write is scoped to it. */
export interface AccountCtx extends Ctx {
  principal: Principal;
}

export interface DeliveryQueue {
  send(message: DeliveryMessage): Promise<unknown>;
  sendBatch(messages: Iterable<{ body: DeliveryMessage; delaySeconds?: number }>): Promise<unknown>;
}

/** What the sign-up, sign-in and link verbs need besides the database: who asks, and how to reach them. */
export interface AuthCtx extends Ctx {
  delivery: DeliveryQueue;
  /** HMAC key of signed links (≥ 32 characters). */
  signingSecret: string;
  /** Origin that links in emails point at, e.g. `https://api.edgepost.dev`. */
  linkBase: string;
  ip: string | undefined;
  userAgent: string | undefined;
}

/** The context a worker builds per request or batch from its validated bindings. */
export function createCtx(
  env: { LIBSQL_URL: string; LIBSQL_AUTH_TOKEN?: string | undefined },
  execution?: { waitUntil(work: Promise<unknown>): void },
): Ctx {
  return {
    db: createDb({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN }),
    now: () => new Date(),
    waitUntil: (work) => {
      const logged = work.catch((error: unknown) =>
        log("error", "background work failed", { error: String(error) }),
      );
      execution?.waitUntil(logged);
    },
  };
}
