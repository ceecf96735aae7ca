import { createServer as createHttpServer } from "node:http";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { MailDev } from "maildev";
import type { TestProject } from "vitest/node";
import type { Scenario } from "../provided-context";
import { type Script, scriptedSmtpServer, type Transcript } from "./scripted-smtp-server";

const SCRIPTS: Record<Scenario, Script> = {
  rcptBusy: { replies: { RCPT: "450 4.2.1 mailbox busy, try later" } },
  rcptUnknown: { replies: { RCPT: "550-5.1.1 no such user here\r\n550 5.1.1 see the postmaster" } },
  dataRejected: { replies: { END: "554 5.6.0 message content rejected" } },
  closesAfterGreeting: { closeAfterGreeting: true },
  closesAfterData: { closeAfterData: true },
  silent: { silent: true },
  noEhlo: { rejectEhlo: true },
  starttlsLogin: { starttls: true, auth: { mechanisms: ["LOGIN"], user: "relay-user", pass: "p@ss wörd" } },
  starttlsUntrusted: { starttls: "untrusted" },
  noStarttls: {},
  refusesBob: { recipientReplies: { "bob@example.com": "550 5.1.1 no such user here" } },
  pipeliningRefusesBob: {
    pipelining: true,
    recipientReplies: { "bob@example.com": "550 5.1.1 no such user here" },
  },
  lenientData: {
    pipelining: true,
    lenientData: true,
    recipientReplies: { "bob@example.com": "550 5.1.1 no such user here" },
  },
  dropsSecondMail: { pipelining: true, dropAtMail: 2 },
};

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

async function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

const close = (server: Server | ReturnType<typeof createHttpServer>) =>
  new Promise<void>((resolve) => server.close(() => resolve()));

/** The documented success answer of each provider's send endpoint. */
const PROVIDER_ANSWERS: Record<string, unknown> = {
  "/v2/email/outbound-emails": { MessageId: "ses-message-1" },
  "/email": {
    To: "ann@example.com",
    SubmittedAt: "2026-11-30T00:00:00Z",
    MessageID: "pm-1",
    ErrorCode: 0,
    Message: "OK",
  },
  "/emails": { id: "re-1" },
};

/**
 * Stands in for the SES, Postmark and Resend APIs: answers each send endpoint with its success
 * body, never answers under /slow (timeouts), and gives the last request at `GET /last`.
 */
function providerApiStub() {
  let last: unknown = null;
  return createHttpServer((request, response) => {
    if (request.method === "GET" && request.url === "/last") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(last));
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "";
      last = {
        method: request.method,
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      };
      if (path.startsWith("/slow/")) return;
      const answer = PROVIDER_ANSWERS[path];
      response
        .writeHead(answer ? 200 : 404, { "content-type": "application/json" })
        .end(JSON.stringify(answer ?? { message: "not found" }));
    });
  });
}

/** Starts two MailDevs, the scripted servers, their transcript endpoint and the provider API stub; gives their ports to the tests. */
export default async function setup(project: TestProject) {
  const maildev = new MailDev({ smtp: 0, ip: "127.0.0.1", web: 0, webIp: "127.0.0.1", silent: true });
  const tls = { user: "edgepost", pass: "s3cret:pass" };
  const maildevTls = new MailDev({
    smtp: 0,
    ip: "127.0.0.1",
    web: 0,
    webIp: "127.0.0.1",
    silent: true,
    incomingSecure: true,
    incomingCert: fixture("test-server.pem"),
    incomingKey: fixture("test-server.key"),
    incomingUser: tls.user,
    incomingPass: tls.pass,
  });
  const [plainServers, tlsServers] = await Promise.all([maildev.start(), maildevTls.start()]);

  const scripted = Object.entries(SCRIPTS).map(([name, script]) => ({ name, ...scriptedSmtpServer(script) }));
  const ports = await Promise.all(scripted.map(({ server }) => listen(server)));
  const transcriptServer = createHttpServer((request, response) => {
    const found = scripted.find(({ name }) => request.url === `/${name}`);
    const body: Transcript | { error: string } = found ? found.last() : { error: "unknown scenario" };
    response.writeHead(found ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  const transcriptPort = await listen(transcriptServer);
  const providerApi = providerApiStub();
  const providerApiPort = await listen(providerApi);
  const closed = createServer();
  const closedPort = await listen(closed);
  await close(closed);

  project.provide("maildev", {
    smtpPort: plainServers.smtp.getPort() ?? 0,
    api: `http://127.0.0.1:${plainServers.api?.getPort() ?? 0}`,
  });
  project.provide("maildevTls", {
    smtpPort: tlsServers.smtp.getPort() ?? 0,
    api: `http://127.0.0.1:${tlsServers.api?.getPort() ?? 0}`,
    ...tls,
  });
  project.provide(
    "scripted",
    Object.fromEntries(scripted.map(({ name }, index) => [name, ports[index] ?? 0])) as Record<
      Scenario,
      number
    >,
  );
  project.provide("transcripts", `http://127.0.0.1:${transcriptPort}`);
  project.provide("closedPort", closedPort);
  project.provide("providerApi", `http://127.0.0.1:${providerApiPort}`);

  return async () => {
    providerApi.closeAllConnections();
    await Promise.all([...scripted.map(({ stop }) => stop()), close(transcriptServer), close(providerApi)]);
    await Promise.all([maildev.stop(), maildevTls.stop()]);
  };
}
