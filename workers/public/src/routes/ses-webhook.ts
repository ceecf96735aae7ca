import { verifySnsWebhook } from "@edgepost/messaging/provider-events";
import type { Hono } from "hono";
import type { Env } from "../env";
import { handleProviderWebhook } from "./provider-webhook";

/** SNS signing certificates by URL, for the life of the isolate: they rotate rarely. */
const certificates = new Map<string, Promise<string>>();

function fetchCertificate(url: string): Promise<string> {
  let pending = certificates.get(url);
  if (!pending) {
    pending = fetch(url).then((res) => {
      if (!res.ok) throw new Error(`SNS certificate ${url} answered ${res.status}`);
      return res.text();
    });
    pending.catch(() => certificates.delete(url));
    certificates.set(url, pending);
  }
  return pending;
}

/** Amazon SES bounces, complaints and deliveries, published to SNS topics we subscribed to. */
export function registerSesWebhook(app: Hono<{ Bindings: Env; Variables: { requestId: string } }>) {
  app.post("/webhooks/ses", async (c) => {
    const topics = c.env.SES_TOPIC_ARNS;
    if (!topics) return c.notFound();
    return handleProviderWebhook(c, (request) =>
      verifySnsWebhook(request, { fetchCertificate, topicArns: topics.split(",") }),
    );
  });
}
