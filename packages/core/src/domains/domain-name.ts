import { idSchema } from "@edgepost/db";
import { z } from "zod";

/** A letters-digits-hyphens label of 1–63 characters, not starting or ending with a hyphen. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** Characters that would make the URL parser read something else than a host name. */
const NOT_IN_A_HOST = /[\s/\\?#@:%[\]<>"'`^{|}*,;]/u;

/**
 * A domain name in its ASCII (A-label) form, lower-cased: internationalised names go through IDNA
 * (the WHATWG URL host parser, the same in workerd and browsers). Undefined if it is not one.
 */
export function asciiDomain(input: string): string | undefined {
  const name = input.trim().toLowerCase();
  if (name === "" || NOT_IN_A_HOST.test(name)) return undefined;
  if (/^[\x21-\x7e]*$/.test(name)) return name;
  try {
    return new URL(`http://${name}/`).hostname;
  } catch {
    return undefined;
  }
}

/** Why a name cannot be a sender domain, or undefined if it can. */
function domainProblem(input: string): string | undefined {
  const trimmed = input.trim();
  if (trimmed.endsWith(".")) return "must not end with a dot";
  const ascii = asciiDomain(trimmed);
  if (ascii === undefined) return "must be a domain name such as example.com";
  if (ascii.length > 253) return "must be at most 253 characters (in its ASCII form)";
  const labels = ascii.split(".");
  if (labels.length < 2) return "must have at least two labels, such as example.com";
  if (!labels.every((label) => LABEL.test(label))) {
    return "must be a host name: labels of letters, digits and hyphens, 1–63 characters each";
  }
  if (/^[0-9]+$/.test(labels.at(-1) ?? "")) return "must be a domain name, not an IP address";
  return undefined;
}

/**
 * A sender domain as customers type it: trimmed, lower-cased, an internationalised name turned into
 * its A-label (`bücher.example` → `xn--bcher-kva.example`); at least two labels, no trailing dot,
 * at most 253 characters.
 */
export const domainName = z
  .string()
  .max(253, { abort: true })
  .superRefine((value, ctx) => {
    const problem = domainProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
  })
  .overwrite((value) => asciiDomain(value) ?? value);

export const senderDomainId = idSchema("dom");
