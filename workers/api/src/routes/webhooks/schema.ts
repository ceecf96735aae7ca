import { MESSAGE_EVENT_TYPES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

const fields = {
  id: z.string().openapi({ example: "whk_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
  url: z.string().openapi({ example: "https://hooks.example.com/edgepost" }),
  events: z.array(z.enum(MESSAGE_EVENT_TYPES)).openapi({
    description: "Message events POSTed here, each as `email.<event>` (e.g. `email.delivered`)",
  }),
  enabled: z
    .boolean()
    .openapi({ description: "`false` after the endpoint answered 410 Gone, or when turned off" }),
  secretVersion: z.number().int().openapi({ description: "Goes up by one at every secret rotation" }),
  createdAt: z.iso.datetime(),
};

export const webhookEndpoint = z.object(fields).openapi("WebhookEndpoint");

export const webhookEndpointWithSecret = z
  .object({
    ...fields,
    secret: z.string().openapi({
      description:
        "The signing secret (Standard Webhooks, `whsec_` + base64 key): shown here only, at creation and rotation",
      example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwAAAAAAAAAAA=",
    }),
  })
  .openapi("WebhookEndpointWithSecret");

export function endpointJson<T extends { createdAt: Date }>(endpoint: T) {
  return { ...endpoint, createdAt: endpoint.createdAt.toISOString() };
}

export const notFound = { 404: problemResponse("No such webhook endpoint in this account") };
