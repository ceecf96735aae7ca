import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { senderDomainId } from "./domain-name";
import { findSenderDomain, type SenderDomain, senderDomainView } from "./sender-domain";

/** One sender domain of the account, with the DNS records to publish and what the last check found. */
export async function getSenderDomain({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string };
}): Promise<SenderDomain> {
  assertPermission(ctx, "domains:read");
  return senderDomainView(await findSenderDomain(ctx, senderDomainId.parse(input.id)));
}
