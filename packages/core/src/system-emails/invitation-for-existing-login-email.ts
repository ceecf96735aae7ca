import type { EmailContent } from "./email-content";

/** Sent instead of an invitation link when the invited address already signs in to an account. */
export function invitationForExistingLoginEmail({ company }: { company: string }): EmailContent {
  return {
    subject: `You are invited to ${company} on Edgepost`,
    text: `Hello,\n\n${company} invited you to join their Edgepost account, but this address already signs in to an Edgepost account, and one login belongs to one account. Ask them to invite another address of yours.\n`,
  };
}
