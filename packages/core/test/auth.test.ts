import { accounts, creditLedger, messages, users } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { closeAccount } from "../src/accounts/close-account";
import { signUp } from "../src/accounts/sign-up";
import { authenticateSession } from "../src/auth/authenticate-session";
import { requestPasswordReset } from "../src/auth/request-password-reset";
import { resetPassword } from "../src/auth/reset-password";
import { signIn } from "../src/auth/sign-in";
import { signOut } from "../src/auth/sign-out";
import { verifyEmail } from "../src/auth/verify-email";
import { adjustCredits } from "../src/credits/adjust-credits";
import { walletBalance } from "../src/credits/wallet-balance";
import { freshAuthCtx, signUpForm } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const { base, ctx, sent } = await freshAuthCtx(clock);
const form = signUpForm;

/** The last email queued to an address, as the delivery worker would read it. */
async function lastEmailTo(address: string) {
  const rows = await base.db.select().from(messages).where(eq(messages.toAddress, address));
  const row = rows.at(-1);
  if (!row) throw new Error(`no email to ${address}`);
  expect(sent).toContainEqual({ kind: "email", accountId: row.accountId, messageId: row.id });
  return row;
}

function tokenIn(text: string): string {
  const match = /token=([A-Za-z0-9_.-]+)/.exec(text);
  if (!match?.[1]) throw new Error("no token in email");
  return match[1];
}

async function signedUp(email: string) {
  expect(await signUp({ ctx, input: { ...form, email } })).toEqual({ status: "verification_sent" });
  const mail = await lastEmailTo(email);
  expect(mail.text).toContain("https://api.edgepost.test/v1/auth/verify-email?token=");
  return tokenIn(mail.text);
}

describe("sign-up and email verification", () => {
  it("opens the account, emails a link that confirms the address once, then allows sign-in", async () => {
    const token = await signedUp("camille@soleil.example");
    const [user] = await base.db.select().from(users).where(eq(users.email, "camille@soleil.example"));
    expect(user).toMatchObject({ role: "owner", emailVerifiedAt: null });
    expect(user?.passwordHash).toMatch(/^pbkdf2-sha256\$/);
    const [account] = await base.db
      .select()
      .from(accounts)
      .where(eq(accounts.id, user?.accountId ?? ""));
    expect(account).toMatchObject({ currency: "CHF", vatCategory: "ch", industry: "retail_ecommerce" });

    await expect(
      signIn({ ctx, input: { email: "camille@soleil.example", password: form.password } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await verifyEmail({ ctx, input: { token } })).toEqual({ verified: true });
    await expect(verifyEmail({ ctx, input: { token } })).rejects.toMatchObject({ code: "invalid_input" });
    const session = await signIn({
      ctx,
      input: { email: "CAMILLE@soleil.example", password: form.password },
    });
    expect(await authenticateSession({ ctx, input: { token: session.token } })).toMatchObject({
      accountId: user?.accountId,
      actor: user?.id,
      role: "owner",
    });
  });

  it("answers the same for an address that already has an account, and tells its owner", async () => {
    await signedUp("taken@soleil.example");
    const before = await base.db.$count(accounts);
    expect(await signUp({ ctx, input: { ...form, email: "Taken@Soleil.example" } })).toEqual({
      status: "verification_sent",
    });
    expect(await base.db.$count(accounts)).toBe(before);
    expect((await lastEmailTo("taken@soleil.example")).subject).toMatch(/tried to open/);
  });

  it("refuses expired and tampered links", async () => {
    const token = await signedUp("late@soleil.example");
    await expect(verifyEmail({ ctx, input: { token: `${token}x` } })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const later = { ...ctx, now: () => new Date(clock.now.getTime() + 48 * 3_600_000) };
    await expect(verifyEmail({ ctx: later, input: { token } })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});

describe("sign-in", () => {
  async function verifiedUser(email: string) {
    await verifyEmail({ ctx, input: { token: await signedUp(email) } });
  }

  it("rotates the session at every sign-in and ends the one the browser came with", async () => {
    await verifyEmail({ ctx, input: { token: await signedUp("rotate@soleil.example") } });
    const input = { email: "rotate@soleil.example", password: form.password };
    const first = await signIn({ ctx, input });
    const second = await signIn({ ctx: { ...ctx, previousSessionToken: first.token }, input });
    expect(second.token).not.toBe(first.token);
    await expect(authenticateSession({ ctx, input: { token: first.token } })).rejects.toMatchObject({
      code: "unauthorized",
    });
    await authenticateSession({ ctx, input: { token: second.token } });
    await signOut({ ctx, input: { token: second.token } });
    await expect(authenticateSession({ ctx, input: { token: second.token } })).rejects.toMatchObject({
      code: "unauthorized",
    });
  });

  it("expires a session 30 days after its last use", async () => {
    await verifiedUser("expiry@soleil.example");
    const { token } = await signIn({
      ctx,
      input: { email: "expiry@soleil.example", password: form.password },
    });
    const at = (days: number) => ({ ...ctx, now: () => new Date(clock.now.getTime() + days * 86_400_000) });
    await authenticateSession({ ctx: at(29), input: { token } });
    await base.settle(); // the sliding expiry is written after the response
    await authenticateSession({ ctx: at(58), input: { token } });
    await expect(authenticateSession({ ctx: at(89), input: { token } })).rejects.toMatchObject({
      code: "unauthorized",
    });
  });

  it("ends a session 90 days after sign-in however often it is used, renewing it until then", async () => {
    await verifiedUser("daily@soleil.example");
    const { token } = await signIn({
      ctx,
      input: { email: "daily@soleil.example", password: form.password },
    });
    const at = (days: number) => ({ ...ctx, now: () => new Date(clock.now.getTime() + days * 86_400_000) });
    const renewals: (Date | undefined)[] = [];
    for (const day of [20, 40, 60, 80]) {
      renewals.push((await authenticateSession({ ctx: at(day), input: { token } })).renewedUntil);
      await base.settle();
    }
    expect(renewals.at(0)).toEqual(new Date(clock.now.getTime() + 50 * 86_400_000));
    expect(renewals.at(-1)).toEqual(new Date(clock.now.getTime() + 90 * 86_400_000));
    await expect(authenticateSession({ ctx: at(91), input: { token } })).rejects.toMatchObject({
      code: "unauthorized",
    });
  });

  it("locks an email after five failures for 15 minutes, whatever the password then", async () => {
    await verifiedUser("locked@soleil.example");
    const wrong = { email: "locked@soleil.example", password: "not the password" };
    const other = { ...ctx, ip: "198.51.100.1" };
    for (let i = 0; i < 5; i++) {
      await expect(signIn({ ctx: other, input: wrong })).rejects.toMatchObject({ code: "unauthorized" });
    }
    const right = { email: "locked@soleil.example", password: form.password };
    await expect(signIn({ ctx: other, input: right })).rejects.toMatchObject({
      code: "rate_limited",
      retryAfterSeconds: 900,
    });
    const later = { ...other, now: () => new Date(clock.now.getTime() + 15 * 60_000) };
    await signIn({ ctx: later, input: right });
  });

  it("locks an IP that fails on many addresses, and treats unknown addresses like wrong passwords", async () => {
    const attacker = { ...ctx, ip: "192.0.2.66" };
    for (let i = 0; i < 5; i++) {
      await expect(
        signIn({ ctx: attacker, input: { email: `nobody${i}@soleil.example`, password: "guess guess" } }),
      ).rejects.toMatchObject({ code: "unauthorized", message: "The email or the password is wrong." });
    }
    await expect(
      signIn({ ctx: attacker, input: { email: "nobody9@soleil.example", password: "guess guess" } }),
    ).rejects.toMatchObject({ code: "rate_limited" });
  });
});

describe("closing an account", () => {
  it("ends every session at once and refuses sign-in afterwards", async () => {
    await verifyEmail({ ctx, input: { token: await signedUp("closing@soleil.example") } });
    const input = { email: "closing@soleil.example", password: form.password };
    const session = await signIn({ ctx, input });
    const principal = await authenticateSession({ ctx, input: { token: session.token } });
    await adjustCredits({
      ctx: { ...ctx, operator: "operator" },
      input: { accountId: principal.accountId, wallet: "sms", amount: 250, reference: "bought" },
    });
    const closed = await closeAccount({ ctx: { ...ctx, principal }, input: { confirm: true } });
    // Prepaid credits are forfeited without refund, on the ledger.
    expect(await walletBalance(ctx, principal.accountId, "sms")).toBe(0);
    const [forfeited] = await ctx.db
      .select()
      .from(creditLedger)
      .where(and(eq(creditLedger.accountId, principal.accountId), eq(creditLedger.kind, "forfeiture")));
    expect(forfeited).toMatchObject({ wallet: "sms", amount: -250, balanceAfter: 0 });
    expect(closed.purgeAfter).toEqual(new Date(clock.now.getTime() + 45 * 86_400_000));
    await expect(authenticateSession({ ctx, input: { token: session.token } })).rejects.toMatchObject({
      code: "unauthorized",
    });
    await expect(signIn({ ctx, input })).rejects.toMatchObject({
      code: "unauthorized",
      message: "The account is closed.",
    });
    expect((await lastEmailTo("closing@soleil.example")).subject).toMatch(/account is closed/);
  });
});

describe("password reset", () => {
  it("sets a new password from the emailed link once, ends every session and tells the user", async () => {
    await verifyEmail({ ctx, input: { token: await signedUp("forgot@soleil.example") } });
    const old = await signIn({ ctx, input: { email: "forgot@soleil.example", password: form.password } });
    expect(await requestPasswordReset({ ctx, input: { email: "forgot@soleil.example" } })).toEqual({
      status: "reset_sent",
    });
    await base.settle();
    const token = tokenIn((await lastEmailTo("forgot@soleil.example")).text);
    const input = { token, password: "a brand new passphrase" };
    expect(await resetPassword({ ctx, input })).toEqual({ status: "password_changed" });
    await expect(resetPassword({ ctx, input })).rejects.toMatchObject({ code: "invalid_input" });
    await expect(authenticateSession({ ctx, input: { token: old.token } })).rejects.toMatchObject({
      code: "unauthorized",
    });
    expect((await lastEmailTo("forgot@soleil.example")).subject).toMatch(/password was changed/);
    await expect(
      signIn({ ctx, input: { email: "forgot@soleil.example", password: form.password } }),
    ).rejects.toMatchObject({ code: "unauthorized" });
    await signIn({ ctx, input: { email: "forgot@soleil.example", password: "a brand new passphrase" } });
  });

  it("answers the same for an unknown address and sends nothing", async () => {
    const before = sent.length;
    expect(await requestPasswordReset({ ctx, input: { email: "ghost@soleil.example" } })).toEqual({
      status: "reset_sent",
    });
    await base.settle();
    expect(sent.length).toBe(before);
  });
});

describe("sign-in attempts in parallel", () => {
  it("cannot get more than five guesses past the lock", async () => {
    await verifyEmail({ ctx, input: { token: await signedUp("parallel@soleil.example") } });
    const guesses = Array.from({ length: 20 }, (_, i) =>
      signIn({
        ctx: { ...ctx, ip: `203.0.113.${100 + i}` },
        input: { email: "parallel@soleil.example", password: `guess ${i}` },
      }).catch((error: { code: string }) => error.code),
    );
    const outcomes = await Promise.all(guesses);
    expect(outcomes.filter((code) => code === "unauthorized")).toHaveLength(5);
    expect(outcomes.filter((code) => code === "rate_limited")).toHaveLength(15);
  });
});
