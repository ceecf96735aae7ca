import type { EmailContent } from "./email-content";

/** SPEC §J: the account is told whenever its data is changed or deleted. */
export function accountChangedEmail({ fields }: { fields: string[] }): EmailContent {
  return {
    subject: "Your Edgepost account details were changed",
    text: `Hello,\n\nThese details of your Edgepost account were just changed: ${fields.join(", ")}.\nIf you did not expect this, sign in and check your account, or contact support.\n`,
  };
}
