import type { EmailContent } from "./email-content";
import { escapeHtml } from "./escape-html";

export function passwordResetEmail({ link, token }: { link: string; token: string }): EmailContent {
  return {
    subject: "Reset your Edgepost password",
    text: `Hello,\n\nSomeone asked to reset the password of this Edgepost login. If it was you, choose a new password here within one hour:\n\n${link}\n\n(or send this token with your new password to POST /v1/auth/password-reset/confirm: ${token})\n\nIf it was not you, ignore this email: your password stays as it is.\n`,
    html: `<p>Hello,</p><p>Someone asked to reset the password of this Edgepost login. If it was you, choose a new password within one hour:</p><p><a href="${escapeHtml(link)}">Choose a new password</a></p><p>If it was not you, ignore this email: your password stays as it is.</p>`,
  };
}
