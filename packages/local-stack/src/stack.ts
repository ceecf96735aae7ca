import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { migrateDatabase } from "@edgepost/db/migrate";
import { createNodeDb } from "@edgepost/db/node";
import { startLibsqlServer } from "@edgepost/libsql-server";
import { MailDev } from "maildev";
import { Log, LogLevel, Miniflare, type MiniflareOptions } from "miniflare";
import { startCronClock } from "./cron-clock";
import { freePort } from "./free-port";
import { DEMO_DOMAIN, type Demo, seedDemo } from "./seed-demo";
import { configuredCrons, repoRoot, workerOptions } from "./workers";

export interface StackOptions {
  /** Where the database file, worker bundles and queue state live. Default: `<repo>/.data`. */
  dataDir?: string;
  /** Ports; 0 picks a free one (the URLs in `info` tell which). */
  ports?: Partial<Record<"api" | "public" | "delivery" | "cron" | "libsql" | "smtp" | "maildev", number>>;
  /** Fire the cron worker's Cron Triggers on their schedule (default true; tests fire them by hand). */
  cronClock?: boolean;
  /** Worker log level: "info" shows workers' console output. */
  logLevel?: "error" | "warn" | "info" | "debug";
  /** Extra bindings for every worker, e.g. `{ RETRY_BASE_SECONDS: "1" }` for tests that retry a lot. */
  bindings?: Record<string, string>;
}

export interface DevInfo {
  api: string;
  public: string;
  maildev: string;
  apiKey: string;
  /** The operator API's key, for `/operator/v1/…` (new at every start). */
  operatorKey: string;
  delivery: string;
  cron: string;
  libsql: string;
  smtp: string;
  accountId: string;
  /** The demo account's verified sender domain: send `from` any address at it. */
  senderDomain: string;
}

export interface LocalStack {
  info: DevInfo;
  /** The libSQL URL and token Node code can use to look into the same database the workers use. */
  database: { url: string; authToken: string };
  /**
   * Round trips the libSQL server has served so far, for benchmarks: every worker's and tool's, or
   * the delivery workers' alone (they have their own token).
   */
  databaseRoundTrips(client?: "delivery"): number;
  /** Runs the cron worker's scheduled handler for one of its cron expressions, as Cron Triggers would. */
  triggerCron(cron: string): Promise<void>;
  /**
   * A second delivery worker in its own workerd, with its own delivery queue, against the same
   * database and providers: what Queues' concurrency gives in production (two consumers at once),
   * which one Miniflare queue, flushing one batch at a time, does not. Put messages on its queue.
   */
  startSecondDeliveryWorker(): Promise<{ queue: SecondQueue; close(): Promise<void> }>;
  close(): Promise<void>;
}

/** The producer side of a delivery queue, as a test uses it. */
type SecondQueue = Awaited<ReturnType<Miniflare["getQueueProducer"]>>;

const DEFAULT_PORTS = {
  api: 8787,
  public: 8788,
  cron: 8789,
  delivery: 8790,
  libsql: 8080,
  smtp: 1025,
  maildev: 1080,
};

/** Starts libSQL server, MailDev and the five workers in workerd, wired as in production. */
export async function startLocalStack(options: StackOptions = {}): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir ?? join(repoRoot, ".data"));
  const ports = { ...DEFAULT_PORTS, ...options.ports };
  // Links in emails point at the API's and the public worker's URLs, so their ports are settled first.
  if (ports.api === 0) ports.api = await freePort();
  if (ports.public === 0) ports.public = await freePort();
  await mkdir(dataDir, { recursive: true });
  const dbPath = join(dataDir, "edgepost.db");
  await migrateDatabase({ url: `file:${dbPath}` });

  const authToken = randomBytes(24).toString("base64url");
  const deliveryToken = randomBytes(24).toString("base64url");
  const operatorKey = `ep_op_${randomBytes(24).toString("base64url")}`;
  const stops: Stop[] = [];
  let closing: Promise<void> | undefined;
  // Stops what was started, last first, once however often it is called.
  const close = () => {
    closing ??= (async () => {
      for (const stop of [...stops].reverse()) await stop().catch(() => undefined);
    })();
    return closing;
  };
  try {
    const libsql = await startLibsqlServer({
      path: dbPath,
      port: ports.libsql,
      authToken,
      clientTokens: { delivery: deliveryToken },
    });
    stops.push(() => libsql.close());
    const mail = await startMailDev(ports, stops);
    const secrets = {
      ...options.bindings,
      LIBSQL_URL: libsql.url,
      LIBSQL_AUTH_TOKEN: authToken,
      // Kept across restarts: what it sealed (provider credentials, DKIM keys) must open again.
      SIGNING_SECRET: await signingSecret(dataDir),
      OPERATOR_KEY_HASH: createHash("sha256").update(operatorKey).digest("hex"),
      EMAIL_PROVIDER_URL: `smtp://127.0.0.1:${mail.smtpPort}?security=none`,
      PUBLIC_API_URL: `http://127.0.0.1:${ports.api}`,
      PUBLIC_URL: `http://127.0.0.1:${ports.public}`,
    };
    const devJson = join(dataDir, "dev.json");
    const demo = await seedDemoAccount({ url: libsql.url, authToken }, secrets.SIGNING_SECRET, devJson);
    const bindings = { ...secrets, ...networkBindings(options, demo, mail.smtpPort) };
    const deliveryBindings = { ...bindings, LIBSQL_AUTH_TOKEN: deliveryToken };

    const mf = new Miniflare(await miniflareOptions(options, ports, dataDir, bindings, deliveryBindings));
    stops.push(() => mf.dispose());
    const cronUrl = await mf.ready;
    const info: DevInfo = {
      api: origin(await mf.unsafeGetDirectURL("api")),
      public: origin(await mf.unsafeGetDirectURL("public")),
      delivery: origin(await mf.unsafeGetDirectURL("delivery")),
      maildev: `http://127.0.0.1:${mail.webPort}`,
      apiKey: demo.apiKey,
      operatorKey,
      cron: origin(cronUrl),
      libsql: libsql.url,
      smtp: `smtp://127.0.0.1:${mail.smtpPort}`,
      accountId: demo.accountId,
      senderDomain: DEMO_DOMAIN,
    };
    await writeFile(devJson, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });

    const triggerCron = async (cron: string) => {
      const res = await fetch(`${info.cron}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`);
      const text = await res.text();
      if (!res.ok) throw new Error(`cron "${cron}" failed: ${res.status} ${text}`);
    };
    if (options.cronClock ?? true) {
      const stopClock = startCronClock(configuredCrons("cron"), triggerCron);
      stops.push(async () => stopClock());
    }
    const startSecondDeliveryWorker = async () => {
      const second = new Miniflare({
        host: "127.0.0.1",
        port: 0,
        cf: false,
        defaultPersistRoot: join(dataDir, "miniflare-second-delivery"),
        log: new Log(LogLevel[(options.logLevel ?? "info").toUpperCase() as "INFO"]),
        workers: [await workerOptions("delivery", join(dataDir, "build"), deliveryBindings)],
      });
      stops.push(() => second.dispose());
      await second.ready;
      return {
        queue: await second.getQueueProducer("DELIVERY_QUEUE", "delivery"),
        close: () => second.dispose(),
      };
    };
    return {
      info,
      database: { url: libsql.url, authToken },
      databaseRoundTrips: (client) => (client ? libsql.roundTripsOf(client) : libsql.roundTrips),
      triggerCron,
      startSecondDeliveryWorker,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

type Stop = () => Promise<unknown>;
type Ports = typeof DEFAULT_PORTS;

/** MailDev, its SMTP and web ports; its stop is registered before it starts, in case it starts halfway. */
async function startMailDev(ports: Ports, stops: Stop[]): Promise<{ smtpPort: number; webPort: number }> {
  const maildev = new MailDev({
    smtp: ports.smtp,
    ip: "127.0.0.1",
    web: ports.maildev,
    webIp: "127.0.0.1",
    silent: true,
  });
  stops.push(() => maildev.stop());
  const mail = await maildev.start();
  return { smtpPort: mail.smtp.getPort() ?? ports.smtp, webPort: mail.api?.getPort() ?? ports.maildev };
}

/**
 * The demo account, made or found again. Its API key is the one remembered in `dev.json` while that
 * still works.
 */
async function seedDemoAccount(
  database: { url: string; authToken: string },
  signingSecret: string,
  devJson: string,
): Promise<Demo> {
  const remembered = await readFile(devJson, "utf8")
    .then((text) => (JSON.parse(text) as Partial<DevInfo>).apiKey)
    .catch(() => undefined);
  const db = createNodeDb(database);
  const background: Promise<unknown>[] = [];
  const seedCtx = {
    db,
    now: () => new Date(),
    waitUntil: (work: Promise<unknown>) => background.push(work),
  };
  return seedDemo(seedCtx, signingSecret, remembered).finally(async () => {
    await Promise.allSettled(background);
    db.$client.close();
  });
}

/** The bindings that say which names resolve and which addresses a customer's connections may reach. */
function networkBindings(options: StackOptions, demo: Demo, smtpPort: number) {
  return {
    // Names resolve from this map: the demo domain's records, nothing else (a caller may bring its own DNS).
    DNS_RESOLVER: options.bindings?.DNS_RESOLVER ?? `static:${JSON.stringify({ txt: demo.dnsRecords })}`,
    // The outbound policy's exceptions (ADR 0009), by configuration: an account may point its own
    // provider at MailDev and choose the test providers; nothing else on this machine is reachable
    // for a customer unless named in EDGEPOST_OUTBOUND_ALLOW (e.g. a local webhook receiver) or by the caller.
    OUTBOUND_ALLOW: [
      `127.0.0.1:${smtpPort}`,
      process.env.EDGEPOST_OUTBOUND_ALLOW,
      options.bindings?.OUTBOUND_ALLOW,
    ]
      .filter(Boolean)
      .join(", "),
    OUTBOUND_TEST_PROVIDERS: options.bindings?.OUTBOUND_TEST_PROVIDERS ?? "on",
  };
}

/** The five workers in one workerd: the cron worker on the stack's own port, three others on theirs. */
async function miniflareOptions(
  options: StackOptions,
  ports: Ports,
  dataDir: string,
  bindings: Record<string, string>,
  deliveryBindings: Record<string, string>,
): Promise<MiniflareOptions> {
  const buildDir = join(dataDir, "build");
  const direct = (port: number) => [{ host: "127.0.0.1", port }];
  return {
    host: "127.0.0.1",
    port: ports.cron,
    unsafeTriggerHandlers: true,
    cf: false, // no network to fetch a real Request.cf from; workers get a placeholder
    defaultPersistRoot: join(dataDir, "miniflare"),
    log: new Log(LogLevel[(options.logLevel ?? "info").toUpperCase() as "INFO"]),
    // Workers' console output, at the same threshold (a busy test need not print every retry).
    handleStructuredLogs: ({ level, message }: { level: string; message: string }) => {
      if (rank(level) < rank(options.logLevel ?? "info")) return;
      (level === "error" ? console.error : console.log)(message);
    },
    workers: [
      await workerOptions("cron", buildDir, bindings),
      { ...(await workerOptions("api", buildDir, bindings)), unsafeDirectSockets: direct(ports.api) },
      { ...(await workerOptions("public", buildDir, bindings)), unsafeDirectSockets: direct(ports.public) },
      {
        ...(await workerOptions("delivery", buildDir, deliveryBindings)),
        unsafeDirectSockets: direct(ports.delivery),
      },
      await workerOptions("transfers", buildDir, bindings),
    ],
  };
}

const RANKS: Record<string, number> = { debug: 0, log: 1, info: 1, warn: 2, error: 3 };
const rank = (level: string) => RANKS[level] ?? 1;

async function signingSecret(dataDir: string): Promise<string> {
  const file = join(dataDir, "signing-secret");
  const existing = await readFile(file, "utf8").catch(() => "");
  if (existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function origin(url: URL): string {
  return url.origin;
}
