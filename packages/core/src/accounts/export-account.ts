import {
  accounts,
  apiKeys,
  auditLog,
  campaigns,
  creditLedger,
  emailTemplates,
  invitations,
  messages,
  pipelineChecks,
  senderDomains,
  suppressions,
  users,
  webhookEndpoints,
} from "@edgepost/db";
import { asc, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { userColumns } from "../users/user-columns";

/**
 * Everything stored about the caller's account, as one machine-readable document (SPEC §J). Secrets
 * never leave: password and key hashes, sealed provider credentials and DKIM keys are left out.
 */
export async function exportAccount({ ctx }: { ctx: AccountCtx }) {
  assertPermission(ctx, "account:export");
  const records = await accountRecords(ctx, ctx.principal.accountId);
  return { format: "edgepost.account-export.v1", exportedAt: ctx.now(), ...records };
}

/** What an export shows of an API key: not its hash. */
const apiKeyColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  start: apiKeys.start,
  environment: apiKeys.environment,
  scopes: apiKeys.scopes,
  expiresAt: apiKeys.expiresAt,
  revokedAt: apiKeys.revokedAt,
  lastUsedAt: apiKeys.lastUsedAt,
  createdAt: apiKeys.createdAt,
};

// Bodies stay out: system emails carry live links (password resets, invitations).
const messageColumns = {
  id: messages.id,
  channel: messages.channel,
  category: messages.category,
  fromAddress: messages.fromAddress,
  toAddress: messages.toAddress,
  recipients: messages.recipients,
  tags: messages.tags,
  metadata: messages.metadata,
  subject: messages.subject,
  status: messages.status,
  attempts: messages.attempts,
  sentAt: messages.sentAt,
  createdAt: messages.createdAt,
};

/** What an export shows of a sender domain: not its DKIM keys. */
const senderDomainColumns = {
  id: senderDomains.id,
  domain: senderDomains.domain,
  status: senderDomains.status,
  verifiedAt: senderDomains.verifiedAt,
  createdAt: senderDomains.createdAt,
};

/** What an export shows of a webhook endpoint: its address, its events and whether it is enabled. */
const webhookEndpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  events: webhookEndpoints.events,
  enabled: webhookEndpoints.enabled,
  createdAt: webhookEndpoints.createdAt,
};

/** The account's rows of every table, each in id order (the ledger by wallet and sequence), in one batch. */
async function accountRecords(ctx: AccountCtx, id: string) {
  const [
    account,
    people,
    invited,
    keys,
    audit,
    sent,
    checks,
    domains,
    templates,
    suppressed,
    hooks,
    ledger,
    sends,
  ] = await ctx.db.batch([
    ctx.db.select().from(accounts).where(eq(accounts.id, id)),
    ctx.db.select(userColumns).from(users).where(eq(users.accountId, id)).orderBy(asc(users.id)),
    ctx.db.select().from(invitations).where(eq(invitations.accountId, id)).orderBy(asc(invitations.id)),
    ctx.db.select(apiKeyColumns).from(apiKeys).where(eq(apiKeys.accountId, id)).orderBy(asc(apiKeys.id)),
    ctx.db.select().from(auditLog).where(eq(auditLog.accountId, id)).orderBy(asc(auditLog.id)),
    ctx.db.select(messageColumns).from(messages).where(eq(messages.accountId, id)).orderBy(asc(messages.id)),
    ctx.db
      .select()
      .from(pipelineChecks)
      .where(eq(pipelineChecks.accountId, id))
      .orderBy(asc(pipelineChecks.id)),
    ctx.db
      .select(senderDomainColumns)
      .from(senderDomains)
      .where(eq(senderDomains.accountId, id))
      .orderBy(asc(senderDomains.id)),
    ctx.db
      .select()
      .from(emailTemplates)
      .where(eq(emailTemplates.accountId, id))
      .orderBy(asc(emailTemplates.id)),
    ctx.db.select().from(suppressions).where(eq(suppressions.accountId, id)).orderBy(asc(suppressions.id)),
    ctx.db
      .select(webhookEndpointColumns)
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.accountId, id))
      .orderBy(asc(webhookEndpoints.id)),
    ctx.db
      .select()
      .from(creditLedger)
      .where(eq(creditLedger.accountId, id))
      .orderBy(asc(creditLedger.wallet), asc(creditLedger.seq)),
    ctx.db.select().from(campaigns).where(eq(campaigns.accountId, id)).orderBy(asc(campaigns.id)),
  ]);
  return {
    account: account[0] ?? null,
    users: people,
    invitations: invited,
    apiKeys: keys,
    auditLog: audit,
    messages: sent,
    pipelineChecks: checks,
    senderDomains: domains,
    emailTemplates: templates,
    suppressions: suppressed,
    webhookEndpoints: hooks,
    creditLedger: ledger,
    campaigns: sends,
  };
}
