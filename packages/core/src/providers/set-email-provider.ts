import { auditLog, emailProviders, newId } from "@edgepost/db";
import { providerConnections } from "@edgepost/messaging/connections";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx } from "../context";
import { InvalidFields } from "../errors";
import type { Outbound } from "../outbound/connection-refusal";
import { providerConnectionRefusal, providerRefusal } from "../outbound/provider-refusal";
import { assertOutboundAllowed } from "../outbound/registration-check";
import { seal } from "../secrets/sealed-box";

/** The purpose provider URLs are sealed for (see {@link seal}). */
export const PROVIDER_SEAL = "email-provider";

export const setEmailProviderInput = z.strictObject({
  /** `smtp://user:pass@relay:587`, `ses://KEY:SECRET@eu-west-1`, `postmark://TOKEN@api.postmarkapp.com`, `resend://KEY@api.resend.com`. */
  url: z.string().min(8).max(2000),
});

export interface ProviderCtx extends AccountCtx {
  signingSecret: string;
  /** The provider's kind (`smtp`, `ses` …) if the URL configures one; throws an Error saying what is wrong otherwise. */
  providerKind(url: string): string;
  /** Where the provider connects must pass the outbound policy (ADR 0009). */
  outbound: Outbound;
}

/**
 * Sends the account's emails through its own provider account instead of the platform's. The URL
 * holds credentials: it is sealed before it is stored and never shown again, only its kind.
 */
export async function setEmailProvider({
  ctx,
  input,
}: {
  ctx: ProviderCtx;
  input: z.input<typeof setEmailProviderInput>;
}) {
  assertPermission(ctx, "providers:manage");
  assertCanWrite(ctx);
  const { url } = setEmailProviderInput.parse(input);
  let kind: string;
  try {
    kind = ctx.providerKind(url);
  } catch (error) {
    throw new InvalidFields([
      { path: "url", message: error instanceof Error ? error.message : "is not a provider URL" },
    ]);
  }
  await assertOutboundAllowed(
    "url",
    () => providerConnectionRefusal(ctx.outbound, url),
    () => providerRefusal(ctx.outbound.policy, providerConnections(url)),
  );
  const { accountId, actor } = ctx.principal;
  const now = ctx.now();
  const sealed = await seal(ctx.signingSecret, PROVIDER_SEAL, url);
  await ctx.db.batch([
    ctx.db
      .insert(emailProviders)
      .values({ accountId, kind, urlEncrypted: sealed, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: emailProviders.accountId,
        set: { kind, urlEncrypted: sealed, updatedAt: now },
      }),
    ctx.db.insert(auditLog).values({
      id: newId("aud"),
      accountId,
      actor,
      action: "email_provider.set",
      target: kind,
      createdAt: now,
    }),
  ]);
  return { kind, updatedAt: now };
}
