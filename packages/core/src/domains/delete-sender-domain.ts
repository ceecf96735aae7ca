import { senderDomains } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { senderDomainId } from "./domain-name";
import { findSenderDomain } from "./sender-domain";

/** Removes a sender domain and its DKIM key: nothing can be sent from it any more. */
export async function deleteSenderDomain({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "domains:manage");
  assertCanWrite(ctx);
  const id = senderDomainId.parse(input.id);
  const { domain } = await findSenderDomain(ctx, id);
  await ctx.db.batch([
    ctx.db
      .delete(senderDomains)
      .where(and(eq(senderDomains.accountId, ctx.principal.accountId), eq(senderDomains.id, id))),
    auditEntry(ctx, "sender_domain.deleted", id),
  ]);
  return { id, domain };
}
