import type { SenderDomain } from "@edgepost/core";
import { SENDER_DOMAIN_STATUSES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

const check = z
  .object({
    ok: z.boolean(),
    found: z.array(z.string()).openapi({ description: "The TXT records found where the check looked" }),
  })
  .openapi("DnsCheck");

const record = z
  .object({
    purpose: z.enum(["ownership", "spf", "dkim", "dmarc"]),
    type: z.literal("TXT"),
    name: z.string().openapi({ example: "_edgepost.mail.example.com" }),
    value: z.string().openapi({ example: "edgepost-verification=3f0c9a1e5b7d4c2a8e6f1b0d9c7a5e3f" }),
    description: z.string(),
  })
  .openapi("DnsRecord");

const status = z.enum(SENDER_DOMAIN_STATUSES).openapi({
  description: "`verified` once all four DNS records check out; `failed` when the last check did not",
});

export const senderDomain = z
  .object({
    id: z.string().openapi({ example: "dom_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
    domain: z.string().openapi({ example: "mail.example.com" }),
    status,
    dkimSelector: z.string().openapi({ example: "edgepost" }),
    records: z.array(record).openapi({ description: "The TXT records to publish in the domain's DNS" }),
    checks: z
      .record(z.string(), check)
      .nullable()
      .openapi({ description: "What the last verification found, per record (ownership, spf, dkim, dmarc)" }),
    lastCheckedAt: z.iso.datetime().nullable(),
    verifiedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("SenderDomain");

export const senderDomainSummary = z
  .object({
    id: z.string(),
    domain: z.string(),
    status,
    lastCheckedAt: z.iso.datetime().nullable(),
    verifiedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("SenderDomainSummary");

export const iso = (d: Date | null) => d?.toISOString() ?? null;

export function senderDomainJson(d: SenderDomain) {
  return {
    ...d,
    lastCheckedAt: iso(d.lastCheckedAt),
    verifiedAt: iso(d.verifiedAt),
    createdAt: d.createdAt.toISOString(),
  };
}

export const notFound = { 404: problemResponse("No such sender domain in this account") };
