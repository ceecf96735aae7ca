import type { EmailContent } from "./email-content";

/** Sent instead of a second account when someone signs up with an address that already has one. */
export function signUpAttemptEmail(): EmailContent {
  return {
    subject: "Someone tried to open an Edgepost account with your address",
    text: "Hello,\n\nSomeone tried to open a new Edgepost account with this email address, which already has one. No new account was opened. If this was you, sign in instead, or reset your password if you have forgotten it.\n",
  };
}
