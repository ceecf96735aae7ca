import type { EmailContent } from "./email-content";

export function userRemovedEmail({ email, removeAt }: { email: string; removeAt: Date }): EmailContent {
  return {
    subject: "A user was deleted from your Edgepost account",
    text: `Hello,\n\nThe user ${email} was deleted from your Edgepost account. They keep access until the end of the billing cycle, ${removeAt.toISOString().slice(0, 10)}, when they and their personal data are removed.\n`,
  };
}
