import { startLocalStack } from "./stack";

const stack = await startLocalStack();
const { info } = stack;
console.log(`
Edgepost is running.

  API            ${info.api}        (try: curl ${info.api}/healthz)
  Public pages   ${info.public}
  Delivery       ${info.delivery}        (queue consumer; /healthz)
  Cron           ${info.cron}        (fire a trigger: ${info.cron}/cdn-cgi/handler/scheduled?cron=0+3+*+*+*)
  MailDev        ${info.maildev}     (SMTP ${info.smtp})
  libSQL         ${info.libsql}

  Demo account   ${info.accountId}
  Demo API key   ${info.apiKey}
  Operator key   ${info.operatorKey}
  Sender domain  ${info.senderDomain}  (verified: send from any address at it)

  Send an email, then open MailDev:
    curl -X POST ${info.api}/v1/emails -H "authorization: Bearer ${info.apiKey}" \\
      -H "content-type: application/json" \\
      -d '{"from":"Demo <hello@${info.senderDomain}>","to":"ann@example.com","subject":"Hello","text":"It works."}'

  Written to .data/dev.json. Ctrl-C stops everything.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  // Miniflare's own handler would exit at once; we stop every service in order instead.
  process.removeAllListeners(signal);
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
