import { escapeHtml } from "@edgepost/core";
import type { Context } from "hono";

/**
 * A small self-contained HTML page: its one inline script runs under a fresh nonce, and the policy
 * allows nothing else — no third-party script, style, frame or form target.
 */
export function page(
  c: Context,
  { title, style, body, script }: { title: string; style: string; body: string; script: string },
) {
  const nonce = crypto.randomUUID();
  c.header(
    "content-security-policy",
    `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`,
  );
  c.header("referrer-policy", "no-referrer");
  return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${style}</style></head><body>
${body}
<script nonce="${nonce}">${script}</script></body></html>`);
}

/** The look of the pages a person lands on from an email. */
export const FORM_STYLE =
  "body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1d2433}input,button{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;margin:.25rem 0}";
