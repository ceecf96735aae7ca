import type { EmailContent } from "./email-content";
import { escapeHtml } from "./escape-html";

export function verificationEmail({ name, link }: { name: string; link: string }): EmailContent {
  return {
    subject: "Confirm your email address for Edgepost",
    text: `Hello ${name},\n\nConfirm your email address to finish opening your Edgepost account:\n\n${link}\n\nThe link is valid for 48 hours. If you did not sign up, ignore this email.\n`,
    html: `<p>Hello ${escapeHtml(name)},</p><p>Confirm your email address to finish opening your Edgepost account:</p><p><a href="${escapeHtml(link)}">Confirm my email address</a></p><p>The link is valid for 48 hours. If you did not sign up, ignore this email.</p>`,
  };
}
