import { faultProvider } from "./fault-provider";
import { postmarkProvider } from "./postmark-provider";
import type { EmailProvider, EmailProviderName } from "./provider";
import { invalidProviderUrl, parseProviderUrl } from "./provider-connections";
import { resendProvider } from "./resend-provider";
import { sesProvider } from "./ses-provider";
import { smtpProviderFromUrl } from "./smtp-provider";

const invalid = invalidProviderUrl;

function query(url: URL, allowed: readonly string[]): URLSearchParams {
  const unknown = [...url.searchParams.keys()].filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw invalid(`unknown parameter ${unknown.join(", ")}`);
  return url.searchParams;
}

function numberParam(params: URLSearchParams, key: string): number | undefined {
  const text = params.get(key);
  if (text === null) return undefined;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw invalid(`${key} must be a number`);
  return value;
}

function decoded(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid(`the ${what} is not valid percent-encoding`);
  }
}

/** The token or key in the user part (`scheme://TOKEN@host`), nothing after a colon. */
function userSecret(url: URL, what: string): string {
  if (url.username === "")
    throw invalid(`the ${what} goes in the user part: ${url.protocol}//<${what}>@host`);
  if (url.password !== "") throw invalid(`only the ${what} goes before @, without a colon`);
  return decoded(url.username, what);
}

/** `https://<host>` from the URL, unless `?endpoint=` names another base URL. */
function endpointOf(url: URL, params: URLSearchParams): string {
  const endpoint = params.get("endpoint");
  if (endpoint !== null) return endpoint;
  if (url.host === "") throw invalid("a host is required, e.g. api.postmarkapp.com");
  return `https://${url.host}`;
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

/**
 * An email provider configured by one secret:
 * - `smtp://user:pass@host:587?security=starttls`, `smtps://…` (see smtpConfigFromUrl);
 * - `ses://ACCESS_KEY_ID:SECRET@us-east-1[?endpoint=…&timeout=ms]`;
 * - `postmark://SERVER_TOKEN@api.postmarkapp.com[?stream=outbound&endpoint=…&timeout=ms]`;
 * - `resend://API_KEY@api.resend.com[?endpoint=…&timeout=ms]`;
 * - `fault://?inner=<percent-encoded provider URL>&transient=0.3&permanent=0&timeout=0&latencyMs=0&crash=0.02&lost=0.01`
 *   (rates from 0 to 1, see faultProvider).
 * Credentials are percent-decoded. Throws an Error naming the problem, never the credentials.
 */
export function emailProviderFromUrl(text: string): EmailProvider {
  const { url, kind } = parseProviderUrl(text);

  switch (kind) {
    case "smtp":
      return smtpProviderFromUrl(text);
    case "ses": {
      const params = query(url, ["endpoint", "timeout"]);
      if (url.username === "" || url.password === "") {
        throw invalid("credentials go before the region: ses://ACCESS_KEY_ID:SECRET@region");
      }
      return sesProvider({
        accessKeyId: decoded(url.username, "access key id"),
        secretAccessKey: decoded(url.password, "secret access key"),
        region: url.hostname,
        ...optional("endpoint", params.get("endpoint") ?? undefined),
        ...optional("timeoutMs", numberParam(params, "timeout")),
      });
    }
    case "postmark": {
      const params = query(url, ["endpoint", "stream", "timeout"]);
      return postmarkProvider({
        serverToken: userSecret(url, "server token"),
        endpoint: endpointOf(url, params),
        ...optional("messageStream", params.get("stream") ?? undefined),
        ...optional("timeoutMs", numberParam(params, "timeout")),
      });
    }
    case "resend": {
      const params = query(url, ["endpoint", "timeout"]);
      return resendProvider({
        apiKey: userSecret(url, "API key"),
        endpoint: endpointOf(url, params),
        ...optional("timeoutMs", numberParam(params, "timeout")),
      });
    }
    case "fault": {
      const params = query(url, ["inner", "transient", "permanent", "timeout", "latencyMs", "crash", "lost"]);
      const inner = params.get("inner");
      if (inner === null) throw invalid("fault:// needs inner=<percent-encoded URL of another provider>");
      return faultProvider(emailProviderFromUrl(inner), {
        ...optional("transientRate", numberParam(params, "transient")),
        ...optional("permanentRate", numberParam(params, "permanent")),
        ...optional("timeoutRate", numberParam(params, "timeout")),
        ...optional("latencyMs", numberParam(params, "latencyMs")),
        ...optional("crashAfterSendRate", numberParam(params, "crash")),
        ...optional("lostAfterSendRate", numberParam(params, "lost")),
      });
    }
  }
}

/**
 * The provider's name (`smtp`, `ses`, `postmark`, `resend`, `fault`), safe to show and store
 * beside the encrypted URL. Checks the whole URL: throws as {@link emailProviderFromUrl} does.
 */
export function providerKind(text: string): EmailProviderName {
  return emailProviderFromUrl(text).name;
}
