import { escapeHtml } from "@edgepost/core";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";

/** Sends the new password with the link's token to the confirm operation and shows the answer. */
const SCRIPT = `
const form = document.querySelector("form");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = document.querySelector("output");
  const res = await fetch("/v1/auth/password-reset/confirm", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: form.dataset.token, password: form.password.value }),
  });
  const body = await res.json();
  out.textContent = res.ok ? "Your password is changed. You can sign in with it now." : body.detail;
  if (res.ok) form.querySelector("button").disabled = true;
});`;

/**
 * Where the reset email's link lands: a page that asks for the new password. No third-party
 * script; the token is only ever sent to this API's own confirm operation.
 */
export function registerPasswordResetPage(app: OpenAPIHono<AppEnv>) {
  app.get("/v1/auth/password-reset", (c) => {
    const token = c.req.query("token") ?? "";
    const nonce = crypto.randomUUID();
    c.header(
      "content-security-policy",
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`,
    );
    c.header("referrer-policy", "no-referrer");
    return c.html(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Choose a new password — Edgepost</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1d2433}
input,button{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;margin:.25rem 0}</style></head><body>
<h1>Choose a new password</h1>
<form data-token="${escapeHtml(token)}">
<label>New password (at least 10 characters)<input name="password" type="password" minlength="10" maxlength="256" required autocomplete="new-password"></label>
<button>Set the new password</button>
</form>
<p><output></output></p>
<script nonce="${nonce}">${SCRIPT}</script></body></html>`);
  });
}
