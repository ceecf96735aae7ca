import { authTokens, newId, users } from "@edgepost/db";
import { z } from "zod";
import { insertIfMessage, insertOpenEmail } from "../auth/open-email";
import { hashPassword } from "../auth/password";
import { signToken } from "../auth/signed-token";
import type { AuthCtx } from "../context";
import { enqueue } from "../delivery/enqueue";
import { systemEmail } from "../delivery/system-email";
import { signUpAttemptEmail } from "../system-emails/sign-up-attempt-email";
import { verificationEmail } from "../system-emails/verification-email";
import { emailIs } from "../users/find-by-email";
import { companyFields, line, openAccount } from "./create-account";
import { assertIndustryAccepted } from "./industries";

const VERIFY_EMAIL_TTL_MS = 48 * 3_600_000;

export const signUpInput = z.object({
  companyName: companyFields.name,
  street: companyFields.street,
  postcode: companyFields.postcode,
  city: companyFields.city,
  country: companyFields.country,
  industry: companyFields.industry,
  email: z.email().max(254),
  name: line(200),
  password: z.string().min(10, "at least 10 characters").max(256),
  professionalUse: z.literal(true, "confirm professional use, 18 or older"),
});

/**
 * Opens an account and queues the owner's verification email. An address that already has an
 * account gets a notice instead, and the answer is the same either way, so sign-up never tells
 * whether an address is registered. Either email counts against the address's cap of
 * `OPEN_EMAILS_PER_HOUR` sign-up emails, past which nothing is sent and the answer stays the same.
 */
export async function signUp({ ctx, input }: { ctx: AuthCtx; input: z.input<typeof signUpInput> }) {
  const data = signUpInput.parse(input);
  assertIndustryAccepted(data.industry);
  const passwordHash = await hashPassword(data.password);
  const existing = await findUserByEmail(ctx, data.email);
  if (existing) {
    await notifyExisting(ctx, existing);
    return { status: "verification_sent" as const };
  }

  const { accountId, ownerId, statements } = openAccount(ctx, {
    name: data.companyName,
    street: data.street,
    postcode: data.postcode,
    city: data.city,
    country: data.country,
    industry: data.industry,
    professionalUse: true,
    ownerEmail: data.email,
    ownerName: data.name,
    ownerPasswordHash: passwordHash,
  });
  const tokenId = newId("tok");
  const expiresAt = ctx.now().getTime() + VERIFY_EMAIL_TTL_MS;
  const token = await signToken(ctx.signingSecret, { purpose: "verify_email", subject: tokenId, expiresAt });
  const link = `${ctx.linkBase}/v1/auth/verify-email?token=${token}`;
  const email = systemEmail(ctx.now(), {
    accountId,
    to: data.email,
    content: verificationEmail({ name: data.name, link }),
  });
  let written: { id: string }[];
  try {
    const results = await ctx.db.batch([
      ...statements,
      // Capped only if the address had sign-up emails without an account (one since removed):
      // the account opens all the same, and a password reset confirms its address.
      insertOpenEmail(ctx.db, "sign_up", email.values),
      insertIfMessage(
        ctx.db,
        authTokens,
        {
          id: tokenId,
          accountId,
          userId: ownerId,
          purpose: "verify_email",
          expiresAt: new Date(expiresAt),
          createdAt: ctx.now(),
        },
        email.id,
      ),
    ]);
    written = results[statements.length];
  } catch (error) {
    // Two sign-ups with one address at the same moment: the loser is told like any other.
    const raced = await findUserByEmail(ctx, data.email);
    if (!raced) throw error;
    await notifyExisting(ctx, raced);
    return { status: "verification_sent" as const };
  }
  if (written.length > 0) await enqueue(ctx.delivery, email.queued);
  return { status: "verification_sent" as const };
}

async function findUserByEmail(ctx: AuthCtx, email: string) {
  const [user] = await ctx.db
    .select({ id: users.id, accountId: users.accountId, email: users.email })
    .from(users)
    .where(emailIs(email))
    .limit(1);
  return user;
}

async function notifyExisting(ctx: AuthCtx, user: { accountId: string; email: string }) {
  const email = systemEmail(ctx.now(), {
    accountId: user.accountId,
    to: user.email,
    content: signUpAttemptEmail(),
  });
  const written = await insertOpenEmail(ctx.db, "sign_up", email.values);
  if (written.length > 0) await enqueue(ctx.delivery, email.queued);
}
