import { autoPauseEnv } from "@edgepost/core";
import { databaseEnv } from "@edgepost/db";
import { queueBinding, secret } from "@edgepost/http";
import { z } from "zod";

const optionalSecret = secret().optional();

export const envSchema = databaseEnv.extend(autoPauseEnv.shape).extend({
  DELIVERY_QUEUE: queueBinding,
  /** Verifies the signed links of campaign messages (unsubscribe, tracking, view in browser). */
  SIGNING_SECRET: secret({ minLength: 32 }),
  /** Resend webhook signing secret (`whsec_…`); without it `/webhooks/resend` answers 404. */
  RESEND_WEBHOOK_SECRET: optionalSecret,
  /** The Basic credentials put in Postmark's webhook URL; without them `/webhooks/postmark` answers 404. */
  POSTMARK_WEBHOOK_USERNAME: optionalSecret,
  POSTMARK_WEBHOOK_PASSWORD: optionalSecret,
  /** The SNS topics SES publishes to, comma-separated; without them `/webhooks/ses` answers 404. */
  SES_TOPIC_ARNS: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:[^,\s]+(,arn:aws[a-z-]*:sns:[^,\s]+)*$/, "SNS topic ARNs, comma-separated")
    .optional(),
});
export type Env = z.infer<typeof envSchema>;
