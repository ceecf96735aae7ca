import type { EmailAddress } from "@edgepost/messaging";

/** `Edgepost <no-reply@edgepost.dev>` or a bare address, as the provider's `from`. */
export function parseSender(value: string): EmailAddress {
  const match = /^(.*?)\s*<([^<>]+)>$/.exec(value.trim());
  if (!match) return { email: value.trim() };
  const name = match[1]?.replace(/^"|"$/g, "").trim();
  return name ? { email: match[2] ?? "", name } : { email: match[2] ?? "" };
}
