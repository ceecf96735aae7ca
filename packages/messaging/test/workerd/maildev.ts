/** The parts of MailDev's `GET /api/email` items the tests read (see @maildev/core Email). */
export interface ReceivedEmail {
  id: string;
  subject: string;
  from: { address: string; name?: string }[];
  to: { address: string; name?: string }[];
  text?: string;
  html?: string;
  headers: Record<string, string | string[]>;
  envelope: { from: { address: string }; to: { address: string }[] };
}

/** Waits for the email carrying `X-Test-Id: testId` to show up in MailDev's inbox. */
export async function receivedEmail(api: string, testId: string): Promise<ReceivedEmail> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const inbox: ReceivedEmail[] = await (await fetch(`${api}/api/email`)).json();
    const found = inbox.find((email) => email.headers["x-test-id"] === testId);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no email with X-Test-Id ${testId} in MailDev`);
}

/** The message as MailDev stored it, byte for byte. */
export async function receivedSource(api: string, id: string): Promise<string> {
  return (await fetch(`${api}/api/email/${id}/source`)).text();
}
