import { databaseEnv } from "@edgepost/db";
import { z } from "zod";

export const envSchema = databaseEnv.extend({
  /** `smtp://user:pass@relay:587` (STARTTLS), `smtps://…:465`, or `smtp://127.0.0.1:1025?security=none` for MailDev. */
  SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, "an smtp:// or smtps:// URL"),
  /** The platform's own sender for system emails, e.g. `Edgepost <no-reply@edgepost.dev>`. */
  MAIL_FROM: z
    .string()
    .regex(/^(.+ )?<?[^\s<>@]+@[^\s<>@]+>?$/, "an address, optionally with a name: Name <a@b.c>"),
});
