/** Provider webhooks (SES through SNS, Postmark, Resend) verified and normalised into events. */
export { type PostmarkWebhookOptions, verifyPostmarkWebhook } from "./postmark";
export {
  type ProviderEvent,
  type VerifiedWebhook,
  WebhookRejected,
  type WebhookRequest,
} from "./provider-event";
export { type ResendWebhookOptions, verifyResendWebhook } from "./resend";
export { type SnsWebhookOptions, verifySnsWebhook } from "./sns";
