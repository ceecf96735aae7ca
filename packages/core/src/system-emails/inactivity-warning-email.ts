import type { EmailContent } from "./email-content";
import { escapeHtml } from "./escape-html";

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * SPEC §B, §H: before an account without login or billing activity is deactivated, its owner is
 * told when that will happen, what it costs (prepaid credits, data) and that signing in keeps it.
 */
export function inactivityWarningEmail({
  accountName,
  lastActivityAt,
  deactivateOn,
}: {
  accountName: string;
  lastActivityAt: Date;
  deactivateOn: Date;
}): EmailContent {
  const since = day(lastActivityAt);
  const on = day(deactivateOn);
  const consequence =
    "its remaining prepaid credits will be forfeited and its data (contacts, messages, templates, users, API keys, SMTP credentials) deleted; billing records are kept.";
  return {
    subject: `Your Edgepost account will be deactivated on ${on}`,
    text: `Hello,\n\nThe Edgepost account of ${accountName} has had no sign-in and no billing activity since ${since}. On ${on} it will be deactivated for inactivity: ${consequence}\n\nTo keep the account, sign in before ${on}. A sign-in is all it takes: the account then stays active.\n`,
    html: `<p>Hello,</p><p>The Edgepost account of ${escapeHtml(accountName)} has had no sign-in and no billing activity since ${since}. On <strong>${on}</strong> it will be deactivated for inactivity: ${consequence}</p><p>To keep the account, sign in before ${on}. A sign-in is all it takes: the account then stays active.</p>`,
  };
}
