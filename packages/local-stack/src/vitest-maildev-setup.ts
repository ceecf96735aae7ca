import { MailDev } from "maildev";
import type {} from "vitest";
import type { TestProject } from "vitest/node";

/** A real SMTP sink for worker suites that send email: MailDev on free ports. */
export default async function setup(project: TestProject) {
  const maildev = new MailDev({ smtp: 0, ip: "127.0.0.1", web: 0, webIp: "127.0.0.1", silent: true });
  const servers = await maildev.start();
  project.provide("smtpUrl", `smtp://127.0.0.1:${servers.smtp.getPort()}?security=none`);
  project.provide("maildevUrl", `http://127.0.0.1:${servers.api?.getPort()}`);
  return () => maildev.stop();
}

declare module "vitest" {
  interface ProvidedContext {
    smtpUrl: string;
    maildevUrl: string;
  }
}
