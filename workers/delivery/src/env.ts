import { outboundEnv } from "@edgepost/core";
import { databaseEnv } from "@edgepost/db";
import { z } from "zod";

export const envSchema = databaseEnv.extend(outboundEnv.shape).extend({
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
  SIGNING_SECRET: z.string().min(32, "at least 32 characters"),
  /** The first retry's delay in seconds; each next one doubles (tests that retry a lot lower it). */
  RETRY_BASE_SECONDS: z.coerce.number().int().min(0).max(600).default(10),
});
