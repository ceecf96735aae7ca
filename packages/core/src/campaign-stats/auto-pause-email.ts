import type { EmailContent } from "../system-emails/email-content";
import { escapeHtml } from "../system-emails/escape-html";

/**
 * SPEC §G: the owner of an account whose sending campaign paused itself is told which campaign,
 * why (the rate, the figures and the limit), and that nothing more goes out until it is resumed.
 */
export function autoPauseEmail({
  campaignName,
  reason,
}: {
  campaignName: string;
  reason: string;
}): EmailContent {
  const subject = `Your campaign "${campaignName}" was paused`;
  const after =
    "No more messages of it are sent until you resume it. Before you do, check where its contacts came from and remove addresses that bounce or did not ask for your mail: mailbox providers block senders above these rates.";
  return {
    subject,
    text: `Hello,\n\nEdgepost paused your campaign "${campaignName}". ${reason}.\n\n${after}\n`,
    html: `<p>Hello,</p><p>Edgepost paused your campaign <strong>${escapeHtml(campaignName)}</strong>. ${escapeHtml(reason)}.</p><p>${after}</p>`,
  };
}
