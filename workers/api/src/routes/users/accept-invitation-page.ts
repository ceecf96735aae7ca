import { escapeHtml } from "@edgepost/core";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { FORM_STYLE, page } from "../page";

/** Sends the name and password with the invitation's token to the accept operation. */
const SCRIPT = `
const form = document.querySelector("form");
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = document.querySelector("output");
  const res = await fetch("/v1/auth/accept-invitation", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: form.dataset.token, name: form.name.value, password: form.password.value }),
  });
  const body = await res.json();
  out.textContent = res.ok ? "Welcome aboard. You can sign in as " + body.email + " now." : body.detail;
  if (res.ok) form.querySelector("button").disabled = true;
});`;

/** Where an invitation email's link lands: the invitee chooses a name and a password. */
export function registerAcceptInvitationPage(app: OpenAPIHono<AppEnv>) {
  app.get("/v1/auth/accept-invitation", (c) =>
    page(c, {
      title: "Join an account on Edgepost",
      style: FORM_STYLE,
      body: `<h1>Join the account</h1>
<form data-token="${escapeHtml(c.req.query("token") ?? "")}">
<label>Your name<input name="name" required maxlength="200" autocomplete="name"></label>
<label>Password (at least 10 characters)<input name="password" type="password" minlength="10" maxlength="256" required autocomplete="new-password"></label>
<button>Join</button>
</form>
<p><output></output></p>`,
      script: SCRIPT,
    }),
  );
}
