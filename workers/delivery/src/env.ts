import { outboundEnv } from "@edgepost/core";
import { databaseEnv } from "@edgepost/db";
import { queueBinding, secret } from "@edgepost/http";
import { z } from "zod";

export const envSchema = databaseEnv.extend(outboundEnv.shape).extend({
  /** Where outcomes' webhooks (sent, failed) are queued: the delivery queue itself. */
  DELIVERY_QUEUE: queueBinding,
  /**
   * The platform's email provider, for system emails and every account without its own:
   * `smtp://user:pass@relay:587` (STARTTLS), `smtps://…:465`, `smtp://127.0.0.1:1025?security=none`
   * (MailDev), `ses://KEY:SECRET@region`, `postmark://TOKEN@api.postmarkapp.com`, `resend://KEY@api.resend.com`.
   */
  EMAIL_PROVIDER_URL: z
    .string()
    .regex(
      /^(smtps?|ses|postmark|resend|fault):\/\/\S+$/,
      "a provider URL (smtp://, ses://, postmark://, resend://)",
    ),
  /** The platform's own sender for system emails, e.g. `Edgepost <no-reply@edgepost.dev>`. */
  MAIL_FROM: z
    .string()
    .regex(/^(.+ )?<?[^\s<>@]+@[^\s<>@]+>?$/, "an address, optionally with a name: Name <a@b.c>"),
  /** The API's signing secret: opens accounts' sealed provider credentials and signs customer webhooks. */
  SIGNING_SECRET: secret({ minLength: 32 }),
  /** The public worker's origin: campaign messages' unsubscribe, tracking and browser links point at it. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, "")),
  /** A mailbox the platform reads unsubscribe requests from, offered as `List-Unsubscribe: <mailto:…>`. */
  UNSUBSCRIBE_MAILBOX: z.email().optional(),
  /** The first retry's delay in seconds; each next one doubles (tests that retry a lot lower it). */
  RETRY_BASE_SECONDS: z.coerce.number().int().min(0).max(600).default(10),
});
