import { z } from "zod";

const hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:-]+$/, { message: "must be a host name or an IP address" });

const smtpConfigSchema = z
  .strictObject({
    host: hostname,
    port: z.int().min(1).max(65535),
    /** `tls`: TLS from the first byte (port 465); `starttls`: upgrade required before anything else. */
    security: z.enum(["none", "starttls", "tls"]),
    username: z.string().min(1).optional(),
    password: z.string().optional(),
    /** Name sent with EHLO/HELO; by default the domain of the message's sender. */
    heloName: hostname.optional(),
    /** How long to wait for the connection and for each reply. */
    timeoutMs: z.int().min(1).max(300_000).default(15_000),
  })
  .refine((config) => (config.username === undefined) === (config.password === undefined), {
    message: "username and password go together",
    path: ["password"],
  });

export type SmtpConfig = z.input<typeof smtpConfigSchema>;
export type SmtpSettings = z.output<typeof smtpConfigSchema>;

/** Problems are described by field only: a configuration holds a password. */
function invalid(issues: z.ZodError["issues"]): Error {
  const text = issues.map((issue) => `${issue.path.join(".") || "config"}: ${issue.message}`).join("; ");
  return new Error(`Invalid SMTP configuration: ${text}`);
}

export function parseSmtpConfig(config: SmtpConfig): SmtpSettings {
  const result = smtpConfigSchema.safeParse(config);
  if (!result.success) throw invalid(result.error.issues);
  return result.data;
}

/** No 25: Cloudflare Workers may not open connections to port 25. */
const DEFAULT_PORTS = { none: 587, starttls: 587, tls: 465 } as const;
const QUERY_KEYS = new Set(["security", "helo", "timeout"]);

/**
 * Reads one secret such as `smtp://user:pass@host:587?security=starttls` into a configuration.
 * `smtp://` upgrades with STARTTLS unless `?security=none` (e.g. MailDev) or `tls` is given;
 * `smtps://` is TLS from the start. Without a port: 465 for tls, 587 otherwise.
 * Optional `helo=<name>` and `timeout=<ms>`. User and password are percent-decoded.
 */
export function smtpConfigFromUrl(text: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error("Invalid SMTP URL: expected smtp://user:password@host:port?security=starttls");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new Error(`Invalid SMTP URL: scheme must be smtp: or smtps:, not ${url.protocol}`);
  }
  const unknown = [...url.searchParams.keys()].filter((key) => !QUERY_KEYS.has(key));
  if (unknown.length > 0) throw new Error(`Invalid SMTP URL: unknown parameter ${unknown.join(", ")}`);
  const query = url.searchParams;
  const security = query.get("security") ?? (url.protocol === "smtps:" ? "tls" : "starttls");
  const port = url.port === "" ? DEFAULT_PORTS[security as keyof typeof DEFAULT_PORTS] : Number(url.port);
  const timeout = query.get("timeout");
  return parseSmtpConfig({
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: port ?? 0,
    security: security as SmtpConfig["security"],
    ...(url.username === "" ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.username === "" && url.password === "" ? {} : { password: decodeURIComponent(url.password) }),
    ...(query.has("helo") ? { heloName: query.get("helo") ?? "" } : {}),
    ...(timeout === null ? {} : { timeoutMs: Number(timeout) }),
  });
}
