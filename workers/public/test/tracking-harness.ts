import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { createAccount, createCtx, recipientToken } from "@edgepost/core";
import { campaignRecipients, campaigns, contacts, newId } from "@edgepost/db";
import worker from "../src/index";

export const ctx = createCtx(env);
export const SECRET = "public-worker-tracking-test-secret-0123456789";
export const LINKS = ["https://shop.example/spring", "https://shop.example/shoes?size=42&colour=red"];

type QueuedBody = { kind: string } & Record<string, unknown>;

/**
 * The public worker as a mail client, a browser or a scanner reaches it, with its queue producer
 * keeping what it was given (the queue is the edge of this worker), waiting for its `waitUntil` work.
 */
export async function call(path: string, init?: RequestInit) {
  const queued: QueuedBody[] = [];
  const queue = {
    send: async (body: QueuedBody) => void queued.push(body),
    sendBatch: async (messages: Iterable<{ body: QueuedBody }>) => {
      for (const message of messages) queued.push(message.body);
    },
  };
  const bindings = {
    ...(env as unknown as CloudflareBindings),
    SIGNING_SECRET: SECRET,
    DELIVERY_QUEUE: queue,
  };
  const execution = createExecutionContext();
  const request = new Request(`https://public.test${path}`, init) as Parameters<typeof worker.fetch>[0];
  const res = await worker.fetch(request, bindings as unknown as CloudflareBindings, execution);
  await waitOnExecutionContext(execution);
  return { res, queued };
}

/** A sending campaign with two tracked links, sent an hour ago to one contact, and its token. */
export async function sentCampaign() {
  const { accountId } = await createAccount({
    ctx,
    input: {
      name: "Café Lumière",
      street: "Rue du Lac 1",
      postcode: "1003",
      city: "Lausanne",
      country: "CH",
      industry: "software",
      professionalUse: true,
      ownerEmail: `${crypto.randomUUID()}@example.com`,
    },
  });
  const now = new Date();
  const contactId = newId("con");
  await ctx.db.insert(contacts).values({
    id: contactId,
    accountId,
    email: `${crypto.randomUUID()}@example.com`,
    attributes: { first_name: "Ann" },
    createdAt: now,
    updatedAt: now,
  });
  const campaignId = newId("cmp");
  await ctx.db.insert(campaigns).values({
    id: campaignId,
    accountId,
    channel: "email",
    name: "Spring",
    status: "sending",
    audience: { lists: [], segments: [], excludeLists: [], excludeSegments: [] },
    subject: "Spring for {{ contact.first_name }}",
    html: `<html><body><p>Hello {{ contact.first_name }}</p><a href="${LINKS[0]}">Spring</a> <a href="${LINKS[1]?.replace("&", "&amp;")}">Shoes</a></body></html>`,
    trackOpens: true,
    trackClicks: true,
    links: LINKS,
    createdAt: now,
    updatedAt: now,
  });
  await ctx.db.insert(campaignRecipients).values({
    campaignId,
    contactId,
    accountId,
    status: "sent",
    sentAt: new Date(now.getTime() - 3_600_000),
  });
  const token = await recipientToken(SECRET, { campaignId, contactId }, now);
  return { accountId, campaignId, contactId, token };
}
