import { escapeHtml } from "@edgepost/core";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { FORM_STYLE, page } from "../page";

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
  app.get("/v1/auth/password-reset", (c) =>
    page(c, {
      title: "Choose a new password — Edgepost",
      style: FORM_STYLE,
      body: `<h1>Choose a new password</h1>
<form data-token="${escapeHtml(c.req.query("token") ?? "")}">
<label>New password (at least 10 characters)<input name="password" type="password" minlength="10" maxlength="256" required autocomplete="new-password"></label>
<button>Set the new password</button>
</form>
<p><output></output></p>`,
      script: SCRIPT,
    }),
  );
}
