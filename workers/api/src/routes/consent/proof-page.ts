import type { ConsentProof } from "@edgepost/core";
import { escapeHtml } from "@edgepost/core";

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;color:#1d2433;max-width:60rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #c9ced8;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f1f3f7}blockquote{margin:.25rem 0 0;padding:.25rem .5rem;border-left:3px solid #8a93a6;white-space:pre-wrap}
.muted{color:#5b6478}.erased{border:2px solid #a33;padding:.5rem;margin:1rem 0}tr{break-inside:avoid}
@media print{body{margin:0;max-width:none;font-size:11px}.no-print{display:none}th{background:none}a{color:inherit}}
@page{margin:15mm}`;

const SCRIPT = `document.querySelector("button.print").addEventListener("click", () => window.print());`;

const text = (value: string | null | undefined) =>
  value === null || value === undefined || value === "" ? '<span class="muted">—</span>' : escapeHtml(value);
const time = (value: Date | null) =>
  value === null
    ? '<span class="muted">—</span>'
    : `${value.toISOString().replace("T", " ").slice(0, 19)} UTC`;

/** The proof of consent as a page to print or save as PDF: every value escaped, nothing loaded from elsewhere. */
export function proofPage(proof: ConsentProof) {
  const who = proof.contact
    ? `<dl><dt>Contact</dt><dd>${escapeHtml(proof.contactId)}</dd><dt>Email</dt><dd>${text(proof.contact.email)}</dd>
<dt>Phone</dt><dd>${text(proof.contact.phone)}</dd><dt>Created</dt><dd>${time(proof.contact.createdAt)}</dd></dl>`
    : `<dl><dt>Contact</dt><dd>${escapeHtml(proof.contactId)}</dd></dl>
<p class="erased">This contact was erased${proof.erasedAt ? ` on ${time(proof.erasedAt)}` : ""} at its request. The entries below are kept as tombstones: what happened, how and when, without the address, IP, user agent or consent text.</p>`;
  const lists = proof.lists.length
    ? `<table><thead><tr><th>List</th><th>Status</th><th>Since</th><th>Double opt-in</th></tr></thead><tbody>
${proof.lists
  .map(
    (l) =>
      `<tr><td>${escapeHtml(l.name)}<br><span class="muted">${escapeHtml(l.id)}</span></td><td>${escapeHtml(l.status)}</td><td>${time(l.since)}</td><td>${l.doubleOptIn ? "yes" : "no"}</td></tr>`,
  )
  .join("\n")}</tbody></table>`
    : '<p class="muted">On no list.</p>';
  const entries = proof.entries.length
    ? `<table><thead><tr><th>When</th><th>What</th><th>List</th><th>How</th><th>From</th><th>For</th></tr></thead><tbody>
${proof.entries
  .map(
    (e) => `<tr><td>${time(e.occurredAt)}${e.confirmedAt ? `<br>confirmed ${time(e.confirmedAt)}` : ""}</td>
<td>${escapeHtml(e.action)}</td><td>${text(e.listName ?? e.listId)}</td>
<td>${escapeHtml(e.source)}<br><span class="muted">${text(e.sourceRef)}</span></td>
<td>IP ${text(e.ip)}<br>${text(e.userAgent)}</td>
<td>${text(e.email)}${e.phone ? `<br>${escapeHtml(e.phone)}` : ""}${e.consentText === null ? "" : `<blockquote>${escapeHtml(e.consentText)}</blockquote>`}</td></tr>`,
  )
  .join("\n")}</tbody></table>`
    : '<p class="muted">No ledger entries.</p>';
  const imports = proof.imports.length
    ? `<table><thead><tr><th>Import</th><th>Declared</th><th>Where the contacts consented</th></tr></thead><tbody>
${proof.imports
  .map(
    (i) => `<tr><td>${escapeHtml(i.id)}<br><span class="muted">${text(i.fileName)}</span></td>
<td>${time(i.declaredAt)}<br><span class="muted">${escapeHtml(i.declaredBy)}</span></td>
<td>${escapeHtml(i.origin)}: ${escapeHtml(i.description)}${i.consentText === null ? "" : `<blockquote>${escapeHtml(i.consentText)}</blockquote>`}</td></tr>`,
  )
  .join("\n")}</tbody></table>`
    : "";
  return {
    title: `Proof of consent — ${proof.company.name}`,
    style: STYLE,
    script: SCRIPT,
    body: `<header><h1>Proof of consent</h1>
<p>Kept by <strong>${escapeHtml(proof.company.name)}</strong>. Generated ${time(proof.generatedAt)} by Edgepost from its consent ledger.</p>
<p class="no-print"><button class="print" type="button">Print or save as PDF</button></p></header>
<h2>Contact</h2>${who}
<h2>Lists</h2>${lists}
<h2>Consent ledger (${proof.entries.length} ${proof.entries.length === 1 ? "entry" : "entries"}, oldest first)</h2>${entries}
${imports ? `<h2>Import declarations</h2>${imports}` : ""}`,
  };
}
