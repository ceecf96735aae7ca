import { escapeHtml } from "@edgepost/core";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { OPENAPI_DOCUMENT } from "../openapi";
import { page } from "./page";

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown; example?: unknown }> };
  responses?: Record<string, { description?: string }>;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** Runs "Try it": sends the form's request with the key typed at the top, shows the answer. */
const SCRIPT = `
document.querySelectorAll("form[data-op]").forEach((form) => {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = form.querySelector("output");
    let path = form.dataset.path;
    for (const input of form.querySelectorAll("input[data-param]")) {
      path = path.replace("{" + input.name + "}", encodeURIComponent(input.value));
    }
    const headers = { "content-type": "application/json" };
    const key = document.getElementById("key").value.trim();
    if (key) headers.authorization = "Bearer " + key;
    const body = form.querySelector("textarea");
    try {
      const res = await fetch(path, { method: form.dataset.op, headers, body: body ? body.value : undefined });
      out.textContent = res.status + " " + res.statusText + "\\n" + (await res.text());
    } catch (error) {
      out.textContent = String(error);
    }
  });
});`;

function renderOperation(method: string, path: string, op: Operation): string {
  const params = (op.parameters ?? []).filter((p) => p.in === "path");
  const example = op.requestBody?.content?.["application/json"]?.example;
  const schema = op.requestBody?.content?.["application/json"]?.schema;
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => `<li><code>${escapeHtml(status)}</code> ${escapeHtml(r.description ?? "")}</li>`)
    .join("");
  return `<section id="${escapeHtml(`${method}-${path}`)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? "")}</p>${op.description ? `<p class="d">${escapeHtml(op.description)}</p>` : ""}
${schema ? `<details><summary>Request body</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>` : ""}
<ul>${responses}</ul>
<form data-op="${method.toUpperCase()}" data-path="${escapeHtml(path)}">
${params.map((p) => `<label>${escapeHtml(p.name)} <input data-param name="${escapeHtml(p.name)}" required></label>`).join(" ")}
${schema ? `<textarea rows="5">${escapeHtml(example === undefined ? "{}" : JSON.stringify(example, null, 2))}</textarea>` : ""}
<button>Try it</button><output></output></form>
</section>`;
}

/** An interactive reference of the API at `/v1/reference`, built from the same OpenAPI document. */
export function registerReference(app: OpenAPIHono<AppEnv>) {
  app.get("/v1/reference", (c) => {
    const doc = app.getOpenAPI31Document(OPENAPI_DOCUMENT);
    const sections = Object.entries(doc.paths ?? {})
      .flatMap(([path, item]) =>
        METHODS.filter((m) => item?.[m]).map((m) => renderOperation(m, path, item?.[m] as Operation)),
      )
      .join("\n");
    return page(c, {
      title: "Edgepost API reference",
      style: `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2433}
section{border-top:1px solid #dde2ea;padding:1rem 0}.m{font:600 12px monospace;padding:2px 6px;border-radius:4px;color:#fff}
.get{background:#2f7d4a}.post{background:#2a5db0}.patch{background:#8a5a00}.delete{background:#b03030}.put{background:#6b3fa0}
pre,output{display:block;white-space:pre-wrap;overflow-wrap:anywhere;background:#f5f7fa;padding:.5rem;font:12px monospace}
textarea{width:100%;font:12px monospace}.d{color:#4a5568}`,
      body: `<h1>Edgepost API reference</h1>
<p>Generated from <a href="/v1/openapi.json">/v1/openapi.json</a>. Paste an API key to try operations against this server.</p>
<p><label>API key <input id="key" size="60" placeholder="ep_live_…" autocomplete="off"></label></p>
${sections}`,
      script: SCRIPT,
    });
  });
}
