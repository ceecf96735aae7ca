import type { EmailContent } from "./email-content";
import { escapeHtml } from "./escape-html";

export function invitationEmail({ company, link }: { company: string; link: string }): EmailContent {
  return {
    subject: `You are invited to ${company} on Edgepost`,
    text: `Hello,\n\nYou are invited to join ${company} on Edgepost. Accept within 7 days:\n\n${link}\n\nIf you did not expect this, ignore this email.\n`,
    html: `<p>Hello,</p><p>You are invited to join ${escapeHtml(company)} on Edgepost. Accept within 7 days:</p><p><a href="${escapeHtml(link)}">Accept the invitation</a></p><p>If you did not expect this, ignore this email.</p>`,
  };
}
