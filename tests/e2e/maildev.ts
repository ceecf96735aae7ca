interface Mail {
  id: string;
  subject: string;
  to: { address: string }[];
  text: string;
}

/** Waits for the email to `to` whose subject matches, as it arrived in MailDev over SMTP. */
export async function mailTo(maildev: string, to: string, subject: RegExp): Promise<Mail> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const all = (await (await fetch(`${maildev}/api/email`)).json()) as Mail[];
    const mail = all.find((m) => m.to.some((r) => r.address === to) && subject.test(m.subject));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no email "${subject}" to ${to}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
