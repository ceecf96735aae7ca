/**
 * The OpenAPI document's own fields, around the operations the routes register: served at
 * `/v1/openapi.json`, rendered by `/v1/reference`, and generated into the typed client from these.
 *
 * Each route names its operation with an `operationId`, which client generators make method names
 * of: verb then resource, in camelCase. It is the name of the core verb the route calls when that
 * names this one operation (`createWebhookEndpoint`, `listSenderDomains`), else says what the route
 * does the same way (`sendEmailBatch`, `setAccountApiAccess`, `checkHealth`). Once published, it stays.
 */
export const OPENAPI_DOCUMENT = {
  openapi: "3.1.0",
  info: { title: "Edgepost API", version: "1.0.0" },
  servers: [
    {
      url: "https://api.edgepost.dev",
      description:
        "Production (the API worker's PUBLIC_API_URL); a local stack answers the same paths on its own origin",
    },
  ],
};
