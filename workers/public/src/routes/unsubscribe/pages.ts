import type { LinkRecipient, ListPreference } from "@edgepost/core";
import { html, raw } from "hono/html";
import { type Locale, messagesOf } from "../../i18n";

const STYLE =
  "body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1d2433}" +
  "button{font:inherit;padding:.5rem 1rem;cursor:pointer}fieldset{border:0;padding:0;margin:1rem 0}" +
  "label{display:block;margin:.5rem 0}small{display:block;color:#5b6475;margin-left:1.6rem}" +
  "[role=status]{background:#e8f4ea;padding:.5rem 1rem}";

/** Every value is escaped by `html`: account and list names are the customer's own text. */
function layout(locale: Locale, title: string, body: unknown) {
  return html`<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${title}</title><style>${raw(STYLE)}</style></head>
<body><main>${body}</main></body></html>`;
}

/** One list of the preference centre: tickable while the contact is on it, else shown greyed out. */
function listChoice(list: ListPreference, notSubscribed: string) {
  if (!list.subscribed) {
    return html`<label><input type="checkbox" disabled> ${list.name}<small>${notSubscribed}</small></label>`;
  }
  return html`<input type="hidden" name="shown" value="${list.id}">
<label><input type="checkbox" name="list" value="${list.id}" checked> ${list.name}</label>`;
}

/**
 * The page of a GET: a question with a confirm button (no GET ever unsubscribes, so link scanners
 * change nothing) and the preference centre. A closed account's page shows neither its name nor
 * its lists. Both forms post back to the same URL, whose token is their credential.
 */
export function unsubscribePage(args: {
  locale: Locale;
  recipient: LinkRecipient;
  lists: ListPreference[];
  saved?: boolean;
}) {
  const t = messagesOf(args.locale).unsubscribe;
  const account = args.recipient.accountName;
  const preferences =
    args.lists.length === 0
      ? ""
      : html`<h2>${t.preferences}</h2><p>${t.preferencesHint}</p>
<form method="post"><input type="hidden" name="action" value="preferences">
<fieldset>${args.lists.map((list) => listChoice(list, t.notSubscribed))}</fieldset>
<button type="submit">${t.save}</button></form>`;
  return layout(
    args.locale,
    t.title,
    html`${args.saved ? html`<p role="status">${t.saved}</p>` : ""}
<h1>${account === undefined ? t.questionClosed : t.question(account)}</h1>
<form method="post"><input type="hidden" name="action" value="unsubscribe">
<button type="submit">${t.confirm}</button></form>
${preferences}`,
  );
}

/** What the confirm button leads to. */
export function unsubscribedPage(args: { locale: Locale; recipient: LinkRecipient }) {
  const t = messagesOf(args.locale).unsubscribe;
  const account = args.recipient.accountName;
  return layout(
    args.locale,
    t.done,
    html`<h1>${t.done}</h1><p>${account === undefined ? t.doneDetailClosed : t.doneDetail(account)}</p>`,
  );
}
