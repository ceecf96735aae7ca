import { authTokens, messages } from "@edgepost/db";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signUp } from "../src/accounts/sign-up";
import { OPEN_EMAILS_PER_HOUR } from "../src/auth/open-email";
import { requestPasswordReset } from "../src/auth/request-password-reset";
import type { AuthCtx } from "../src/context";
import { freshAuthCtx, signUpForm } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const { base, ctx, sent } = await freshAuthCtx(clock);
const form = signUpForm;

/** Each request from its own client, as from an attacker with many IPs. */
let client = 0;
const fromNewIp = (): AuthCtx => ({ ...ctx, ip: `198.51.100.${++client}` });

/** The emails written to an address (any case) and queued for delivery, oldest first. */
async function emailsTo(address: string) {
  const rows = await base.db
    .select({ id: messages.id, subject: messages.subject })
    .from(messages)
    .where(sql`lower(${messages.toAddress}) = lower(${address})`)
    .orderBy(messages.id);
  const queued = new Set(sent.map((message) => message.kind === "email" && message.messageId));
  return { rows, queued: rows.filter((row) => queued.has(row.id)) };
}

const signUpAs = (email: string, at: AuthCtx = fromNewIp()) => signUp({ ctx: at, input: { ...form, email } });
const resetFor = async (email: string) => {
  const answer = await requestPasswordReset({ ctx: fromNewIp(), input: { email } });
  await base.settle();
  return answer;
};
const hoursLater = (hours: number) => {
  clock.now = new Date(clock.now.getTime() + hours * 3_600_000);
};

describe("emails anyone can cause without signing in", () => {
  it("are capped per address: sign-ups past the cap answer the same and send nothing, for an hour", async () => {
    expect(OPEN_EMAILS_PER_HOUR).toBe(3);
    const address = "flooded@soleil.example";
    const answers = [];
    for (const email of [address, "Flooded@soleil.example", address, "FLOODED@soleil.example", address]) {
      answers.push(await signUpAs(email));
    }
    expect(answers).toEqual(Array(5).fill({ status: "verification_sent" }));
    const capped = await emailsTo(address);
    // The verification link, then two notices that someone tried again; nothing more.
    expect(capped.rows.map((row) => row.subject)).toEqual([
      "Confirm your email address for Edgepost",
      "Someone tried to open an Edgepost account with your address",
      "Someone tried to open an Edgepost account with your address",
    ]);
    expect(capped.queued).toEqual(capped.rows);

    // Another address is not affected.
    await signUpAs("neighbour@soleil.example");
    expect((await emailsTo("neighbour@soleil.example")).queued).toHaveLength(1);

    // Still capped just before the hour is over; sent again after it.
    hoursLater(0.99);
    await signUpAs(address);
    expect((await emailsTo(address)).rows).toHaveLength(3);
    hoursLater(0.02);
    await signUpAs(address);
    const later = await emailsTo(address);
    expect(later.queued).toHaveLength(4);
    expect(later.rows.at(-1)?.subject).toMatch(/tried to open/);
  });

  it("cap reset links per address apart from sign-ups, and write no link record for a capped one", async () => {
    const address = "forgetful@soleil.example";
    await signUpAs(address);
    while ((await emailsTo(address)).rows.length < OPEN_EMAILS_PER_HOUR) await signUpAs(address);
    // The sign-up emails do not use up the reset links.
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await resetFor(i % 2 ? address.toUpperCase() : address));
    expect(answers).toEqual(Array(5).fill({ status: "reset_sent" }));
    const resets = (await emailsTo(address)).queued.filter((row) => /Reset/.test(row.subject));
    expect(resets).toHaveLength(3);
    const links = await base.db.$count(authTokens, eq(authTokens.purpose, "reset_password"));
    expect(links).toBe(3);

    await resetFor("other@soleil.example"); // no login: still nothing
    await signUpAs("other@soleil.example");
    await resetFor("other@soleil.example");
    expect((await emailsTo("other@soleil.example")).queued.map((row) => row.subject)).toEqual([
      "Confirm your email address for Edgepost",
      "Reset your Edgepost password",
    ]);

    hoursLater(1.01);
    await resetFor(address);
    expect((await emailsTo(address)).queued.filter((row) => /Reset/.test(row.subject))).toHaveLength(4);
  });
});
