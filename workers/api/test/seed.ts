import { env, SELF } from "cloudflare:test";
import { createAccount, createCtx, issueApiKey } from "@edgepost/core";
import { messages, newId, senderDomains } from "@edgepost/db";
import { desc, eq } from "drizzle-orm";

const ctx = createCtx(env);
export const { db } = ctx;

/** A fresh account with an API key, made through the same verbs sign-up uses. */
export async function newAccountWithKey() {
  const { accountId, headers } = await newTenant();
  return { accountId, headers };
}

/** An account as the cross-account suites use it: its owner, and one owner-scoped (`*`) API key. */
export interface Tenant {
  accountId: string;
  ownerId: string;
  ownerEmail: string;
  keyId: string;
  headers: Record<string, string>;
  /** The owner's session cookie, for tenants that signed in. */
  session?: Record<string, string>;
}

/** A fresh account with its owner and one owner-scoped key, and their ids. */
export async function newTenant(): Promise<Tenant> {
  const ownerEmail = `${crypto.randomUUID()}@example.com`;
  const { accountId, ownerId } = await createAccount({
    ctx,
    input: {
      street: "Rue du Lac 1",
      postcode: "1003",
      city: "Lausanne",
      industry: "software",
      professionalUse: true,
      name: "Test Co",
      country: "DE",
      ownerEmail,
    },
  });
  const key = await anotherKey(accountId);
  return { accountId, ownerId, ownerEmail, keyId: key.id, headers: key.headers };
}

/** One more owner-scoped key of an account (each key has its own rate limit). */
export async function anotherKey(accountId: string) {
  const { id, key } = await issueApiKey(ctx, { accountId, name: "test" });
  return { id, headers: { authorization: `Bearer ${key}` } };
}

/** The token of the last link emailed to an address (verification, password reset, invitation). */
export async function tokenSentTo(email: string): Promise<string> {
  const [mail] = await db
    .select({ text: messages.text })
    .from(messages)
    .where(eq(messages.toAddress, email))
    .orderBy(desc(messages.id))
    .limit(1);
  const token = /token=([A-Za-z0-9_.-]+)/.exec(mail?.text ?? "")?.[1];
  if (!token) throw new Error(`no link was emailed to ${email}`);
  return token;
}

/**
 * The `CF-Connecting-IP` of a client of its own, as Cloudflare sets it on every request: the
 * public operations are limited per client IP, and requests without one all share one bucket.
 */
let clients = 0;
export function newClientIp(): string {
  clients += 1;
  return `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
}

/** A fresh account that signed up, confirmed its address and signed in, as a browser does. */
export async function newSignedInTenant(): Promise<Tenant & { session: Record<string, string> }> {
  const ownerEmail = `${crypto.randomUUID()}@example.com`;
  const password = "long enough passphrase";
  const client = { "cf-connecting-ip": newClientIp() };
  const post = (path: string, body: unknown) =>
    SELF.fetch(`https://api.test${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...client },
      body: JSON.stringify(body),
    });
  const signedUp = await post("/v1/auth/sign-up", {
    companyName: "Signed In Co",
    street: "Rue du Lac 1",
    postcode: "1003",
    city: "Lausanne",
    country: "CH",
    industry: "software",
    email: ownerEmail,
    name: "Owner",
    password,
    professionalUse: true,
  });
  if (signedUp.status !== 202) throw new Error(`sign-up answered ${signedUp.status}`);
  await SELF.fetch(`https://api.test/v1/auth/verify-email?token=${await tokenSentTo(ownerEmail)}`, {
    headers: client,
  });
  const signedIn = await post("/v1/auth/sign-in", { email: ownerEmail, password });
  if (signedIn.status !== 200) throw new Error(`sign-in answered ${signedIn.status}`);
  const { accountId, userId } = (await signedIn.json()) as { accountId: string; userId: string };
  const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const key = await anotherKey(accountId);
  // A browser on Edgepost's own pages sends its Origin with every change.
  const session = { cookie, origin: "https://api.test" };
  return { accountId, ownerId: userId, ownerEmail, keyId: key.id, headers: key.headers, session };
}

/** How many rows each table of the database holds (not the migrator's own), in one round trip. */
export async function rowCounts(): Promise<Record<string, number>> {
  const tables = await db.$client.execute(
    "select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\' and name not like 'sqlite_%' order by name",
  );
  const names = tables.rows.map((row) => String(row.name));
  const counts = await db.$client.execute(
    names.map((name) => `select '${name}' as name, count(*) as n from "${name}"`).join(" union all "),
  );
  return Object.fromEntries(counts.rows.map((row) => [String(row.name), Number(row.n)]));
}

/**
 * A sender domain the account has verified, as if its DNS records had been found (verification
 * itself is tested in the domain suites): emails may be sent from any address at it.
 */
export async function verifiedDomain(accountId: string): Promise<string> {
  const domain = `${crypto.randomUUID().slice(0, 8)}.example.com`;
  await db.insert(senderDomains).values({
    id: newId("dom"),
    accountId,
    domain,
    status: "verified",
    verificationToken: "seeded",
    dkimSelector: "edgepost",
    dkimPublicKey: "seeded",
    dkimPrivateKeySealed: "seeded",
    verifiedAt: new Date(),
    createdAt: new Date(),
  });
  return domain;
}

/** A complete sign-up form, without the email address. */
export const signUpForm = {
  companyName: "Nordlicht GmbH",
  street: "Hafenstrasse 4",
  postcode: "20457",
  city: "Hamburg",
  country: "DE",
  industry: "media_publishing",
  name: "Jana Nord",
  password: "long enough passphrase",
  professionalUse: true,
};
