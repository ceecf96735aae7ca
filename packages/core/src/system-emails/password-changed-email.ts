import type { EmailContent } from "./email-content";

export function passwordChangedEmail(): EmailContent {
  return {
    subject: "Your Edgepost password was changed",
    text: "Hello,\n\nThe password of this Edgepost login was just changed, and every signed-in session was ended. If you did not do this, reset your password now and contact support.\n",
  };
}
