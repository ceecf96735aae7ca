/**
 * Sign-up and password reset email an address nobody proved to own. However many IPs ask, one
 * address gets at most three such emails (`OPEN_EMAILS_PER_HOUR` in core) per purpose and hour;
 * every further request is answered exactly as the others, and sends nothing.
 */
import { messages } from "@edgepost/db";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sendDirect } from "./operations";
import { db, signUpForm } from "./seed";

const form = signUpForm;

/** A request from a client IP of its own, waiting for the work done after the response too. */
async function post(path: string, body: unknown) {
  const res = await sendDirect("POST", path, {}, { json: body });
  return { status: res.status, body: await res.json() };
}

const signUp = (email: string) => post("/v1/auth/sign-up", { ...form, email });
const reset = (email: string) => post("/v1/auth/password-reset", { email });

const to = (address: string) => sql`lower(${messages.toAddress}) = lower(${address})`;
/** The subjects of the emails written (and so queued) to an address, oldest first. */
async function subjectsTo(address: string) {
  const rows = await db
    .select({ subject: messages.subject })
    .from(messages)
    .where(to(address))
    .orderBy(messages.id);
  return rows.map((row) => row.subject);
}
/** An hour passes for the emails to an address, as far as the cap can tell. */
async function anHourLater(address: string) {
  await db
    .update(messages)
    .set({ createdAt: sql`${messages.createdAt} - 3600001` })
    .where(to(address));
}

const VERIFY = "Confirm your email address for Edgepost";
const ATTEMPT = "Someone tried to open an Edgepost account with your address";
const RESET = "Reset your Edgepost password";

describe("emails anyone can cause, per address", () => {
  it("sends at most three sign-up emails an hour to one address, answering every request alike", async () => {
    const address = `${crypto.randomUUID()}@nordlicht.example`;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await signUp(i % 2 ? address.toUpperCase() : address));
    expect(answers).toEqual(Array(5).fill({ status: 202, body: { status: "verification_sent" } }));
    expect(await subjectsTo(address)).toEqual([VERIFY, ATTEMPT, ATTEMPT]);

    const neighbour = `${crypto.randomUUID()}@nordlicht.example`;
    expect(await signUp(neighbour)).toEqual(answers[0]);
    expect(await subjectsTo(neighbour)).toEqual([VERIFY]);

    await anHourLater(address);
    expect(await signUp(address)).toEqual(answers[0]);
    expect(await subjectsTo(address)).toEqual([VERIFY, ATTEMPT, ATTEMPT, ATTEMPT]);
  });

  it("sends at most three reset links an hour to one address, whether or not it has a login", async () => {
    const address = `${crypto.randomUUID()}@nordlicht.example`;
    const nobody = `${crypto.randomUUID()}@nordlicht.example`;
    await signUp(address);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await reset(address), await reset(nobody));
    expect(answers).toEqual(Array(10).fill({ status: 202, body: { status: "reset_sent" } }));
    expect(await subjectsTo(address)).toEqual([VERIFY, RESET, RESET, RESET]);
    expect(await subjectsTo(nobody)).toEqual([]);

    // The reset links did not use up the sign-up emails, nor the other way round.
    await signUp(address);
    expect(await subjectsTo(address)).toEqual([VERIFY, RESET, RESET, RESET, ATTEMPT]);

    await anHourLater(address);
    await reset(address);
    expect((await subjectsTo(address)).filter((subject) => subject === RESET)).toHaveLength(4);
  });

  it("lets no more than the cap through when the requests come all at once", async () => {
    const address = `${crypto.randomUUID()}@nordlicht.example`;
    await signUp(address);
    const answers = await Promise.all([
      ...Array.from({ length: 6 }, () => signUp(address)),
      ...Array.from({ length: 6 }, () => reset(address)),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(202));
    const subjects = await subjectsTo(address);
    expect(subjects.filter((subject) => subject !== RESET)).toEqual([VERIFY, ATTEMPT, ATTEMPT]);
    expect(subjects.filter((subject) => subject === RESET)).toEqual([RESET, RESET, RESET]);
  });
});
