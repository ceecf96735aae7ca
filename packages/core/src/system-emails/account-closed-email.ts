import type { EmailContent } from "./email-content";

export function accountClosedEmail({ purgeAfter }: { purgeAfter: Date }): EmailContent {
  return {
    subject: "Your Edgepost account is closed",
    text: `Hello,\n\nYour Edgepost account was closed. Sending stopped at once, remaining credits are forfeited, and every session and API key was ended. Personal data is deleted on ${purgeAfter.toISOString().slice(0, 10)}; billing records are kept as the law requires.\n`,
  };
}
