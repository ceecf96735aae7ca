import type { EmailProviderName } from "./provider";
import { smtpConfigFromUrl } from "./smtp-config";

/** Where a provider URL makes the platform connect: one host and port, and whether over TLS. */
export interface ProviderConnection {
  protocol: "smtp" | "https" | "http";
  host: string;
  port: number;
  /** SMTP: TLS from the first byte or by STARTTLS, required; `?security=none` is false. */
  tls: boolean;
}

/** What a provider URL configures, as the outbound policy judges it (no credentials in it). */
export interface ProviderConnections {
  kind: EmailProviderName;
  connections: ProviderConnection[];
  /** An HTTP API reached elsewhere than at the provider's own host (`?endpoint=`, another host). */
  endpointOverride: boolean;
  /** The fault-injecting provider, which exists for tests. */
  faultInjection: boolean;
}

const SCHEMES: Record<string, EmailProviderName> = {
  "smtp:": "smtp",
  "smtps:": "smtp",
  "ses:": "ses",
  "postmark:": "postmark",
  "resend:": "resend",
  "fault:": "fault",
};

/** The hosts of the HTTP APIs; SES's depends on the region. */
const PROVIDER_HOSTS = { postmark: "api.postmarkapp.com", resend: "api.resend.com" } as const;
const SES_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Every problem is described without the URL itself: it holds credentials. */
export const invalidProviderUrl = (problem: string) => new Error(`Invalid email provider URL: ${problem}`);

export function parseProviderUrl(text: string): { url: URL; kind: EmailProviderName } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidProviderUrl("not a URL (percent-encode / + @ : and % in credentials)");
  }
  const kind = SCHEMES[url.protocol];
  if (kind === undefined)
    throw invalidProviderUrl("the scheme must be smtp, smtps, ses, postmark, resend or fault");
  if (kind !== "smtp" && url.pathname !== "" && url.pathname !== "/")
    throw invalidProviderUrl("a path is not expected");
  return { url, kind };
}

function httpsConnection(base: string): ProviderConnection {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw invalidProviderUrl("endpoint must be an absolute URL");
  }
  const protocol = url.protocol === "https:" ? "https" : url.protocol === "http:" ? "http" : null;
  if (protocol === null) throw invalidProviderUrl("endpoint must be an https: URL");
  const port = url.port === "" ? (protocol === "https" ? 443 : 80) : Number(url.port);
  return { protocol, host: url.hostname, port, tls: protocol === "https" };
}

/**
 * Where the provider a URL configures connects (see `emailProviderFromUrl` for the forms), without
 * connecting and without the credentials: for the outbound policy to judge before a URL is stored
 * and again before each batch sends through it. Throws an Error naming the problem for a URL that
 * configures no provider.
 */
export function providerConnections(text: string): ProviderConnections {
  const { url, kind } = parseProviderUrl(text);
  const endpoint = url.searchParams.get("endpoint");
  switch (kind) {
    case "smtp": {
      const smtp = smtpConfigFromUrl(text);
      const connection: ProviderConnection = {
        protocol: "smtp",
        host: smtp.host,
        port: smtp.port,
        tls: smtp.security !== "none",
      };
      return { kind, connections: [connection], endpointOverride: false, faultInjection: false };
    }
    case "ses": {
      if (!SES_REGION.test(url.hostname)) throw invalidProviderUrl("the region must look like eu-central-1");
      const own = `https://email.${url.hostname}.amazonaws.com`;
      return {
        kind,
        connections: [httpsConnection(endpoint ?? own)],
        endpointOverride: endpoint !== null,
        faultInjection: false,
      };
    }
    case "postmark":
    case "resend": {
      if (url.host === "") throw invalidProviderUrl(`a host is required, e.g. ${PROVIDER_HOSTS[kind]}`);
      const base = endpoint ?? `https://${url.host}`;
      return {
        kind,
        connections: [httpsConnection(base)],
        endpointOverride: endpoint !== null || url.host !== PROVIDER_HOSTS[kind],
        faultInjection: false,
      };
    }
    case "fault": {
      const inner = url.searchParams.get("inner");
      if (inner === null)
        throw invalidProviderUrl("fault:// needs inner=<percent-encoded URL of another provider>");
      return { ...providerConnections(inner), kind, faultInjection: true };
    }
  }
}
