import type {} from "vitest";

/** Scripted SMTP servers started by test/node/global-setup.ts, one port each. */
export type Scenario =
  | "rcptBusy"
  | "rcptUnknown"
  | "dataRejected"
  | "closesAfterGreeting"
  | "closesAfterData"
  | "silent"
  | "noEhlo"
  | "starttlsLogin"
  | "starttlsUntrusted"
  | "noStarttls"
  | "refusesBob"
  | "pipeliningRefusesBob"
  | "lenientData"
  | "dropsSecondMail";

declare module "vitest" {
  interface ProvidedContext {
    /** MailDev without TLS or auth. */
    maildev: { smtpPort: number; api: string };
    /** MailDev with implicit TLS (test certificate) and AUTH. */
    maildevTls: { smtpPort: number; api: string; user: string; pass: string };
    scripted: Record<Scenario, number>;
    /** `GET <transcripts>/<scenario>`: what that scripted server saw on its last connection. */
    transcripts: string;
    /** A port nothing listens on. */
    closedPort: number;
    /** Stand-in SES/Postmark/Resend API (test/node/global-setup.ts); `GET <providerApi>/last` shows the last request. */
    providerApi: string;
  }
}
