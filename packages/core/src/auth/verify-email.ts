import { auditLog, newId, users } from "@edgepost/db";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { checkLink, useLink } from "./consume-link";

export const verifyEmailInput = z.object({ token: z.string().min(1).max(2048) });

/** Confirms a user's email address from the signed link sent at sign-up; each link works once. */
export async function verifyEmail({
  ctx,
  input,
}: {
  ctx: Ctx & { signingSecret: string };
  input: z.input<typeof verifyEmailInput>;
}) {
  const { token } = verifyEmailInput.parse(input);
  const link = await checkLink(ctx, token, "verify_email");
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    const used = await useLink(tx, link.id, now);
    // A concurrent use of the same link got there first and did the work.
    if (used.length === 0)
      throw new DomainError("invalid_input", "This link is invalid, expired or already used.");
    await tx
      .update(users)
      .set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.getTime()})` })
      .where(eq(users.id, link.userId));
    await tx.insert(auditLog).values({
      id: newId("aud"),
      accountId: link.accountId,
      actor: link.userId,
      action: "user.email_verified",
      target: link.userId,
      createdAt: now,
    });
  });
  return { verified: true as const };
}
