// Outgoing webhooks: the account's endpoints, the fan-out of message events, signed delivery.
export { createWebhookEndpoint, createWebhookEndpointInput } from "./create-webhook-endpoint";
export { deleteWebhookEndpoint } from "./delete-webhook-endpoint";
export {
  deliverWebhook,
  failWebhookDelivery,
  WEBHOOK_TIMEOUT_MS,
  type WebhookDeliveryCtx,
  type WebhookDeliveryOutcome,
  type WebhookPayload,
} from "./deliver-webhook";
export { MAX_WEBHOOK_ENDPOINTS, type WebhookCtx, webhookEndpointId } from "./endpoint-fields";
export {
  type WebhookDeliveryRow,
  webhookDeliveriesFor,
  webhookDeliveryInserts,
  webhookQueueMessages,
} from "./fan-out";
export { getWebhookEndpoint } from "./get-webhook-endpoint";
export { listWebhookEndpoints, listWebhookEndpointsInput } from "./list-webhook-endpoints";
export { rotateWebhookSecret } from "./rotate-webhook-secret";
export { signWebhook, verifyWebhookSignature, type WebhookHeaders, webhookSecret } from "./signature";
export { updateWebhookEndpoint, updateWebhookEndpointInput } from "./update-webhook-endpoint";
