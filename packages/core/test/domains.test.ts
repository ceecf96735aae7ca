import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { auditLog, senderDomains } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import type { AccountCtx } from "../src/context";
import { readSenders } from "../src/delivery/read-senders";
import { assertVerifiedSender } from "../src/domains/assert-verified-sender";
import { createSenderDomain, DKIM_SEAL_PURPOSE } from "../src/domains/create-sender-domain";
import { deleteSenderDomain } from "../src/domains/delete-sender-domain";
import { type DnsResolver, DnsUnavailable } from "../src/domains/dns-resolver";
import { dohResolver, joinTxtData } from "../src/domains/doh-resolver";
import { getSenderDomain } from "../src/domains/get-sender-domain";
import { listSenderDomains } from "../src/domains/list-sender-domains";
import type { DnsRecord } from "../src/domains/records";
import type { SenderDomain } from "../src/domains/sender-domain";
import { staticResolver } from "../src/domains/static-resolver";
import { verifySenderDomain } from "../src/domains/verify-sender-domain";
import { DomainError, InvalidFields, NotFound } from "../src/errors";
import { unseal } from "../src/secrets/sealed-box";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-12-01T09:00:00Z") };
const ctx = await freshCtx(clock);
const signingSecret = "test-signing-secret-of-at-least-32-characters";
const noDns = staticResolver({});

type DomainCtx = AccountCtx & { dns: DnsResolver; signingSecret: string };

async function newOwner(name = "Acme"): Promise<DomainCtx> {
  return { ...(await newAccount(ctx, name)), dns: noDns, signingSecret };
}

let n = 0;
/** A domain no other test uses. */
const uniqueDomain = () => `d${++n}-${crypto.randomUUID().slice(0, 8)}.example.com`;

/** The records a domain asks for, as a name → TXT map: what a customer who did everything publishes. */
function published(records: DnsRecord[]): Record<string, string[]> {
  return Object.fromEntries(records.map((r) => [r.name, [r.value]]));
}

const recordOf = (d: SenderDomain, purpose: DnsRecord["purpose"]) => {
  const record = d.records.find((r) => r.purpose === purpose);
  if (!record) throw new Error(`no ${purpose} record`);
  return record;
};

async function verifyWith(owner: DomainCtx, id: string, records: Record<string, string[]>) {
  return verifySenderDomain({ ctx: { ...owner, dns: staticResolver(records) }, input: { id } });
}

async function auditActions(owner: AccountCtx, target: string) {
  const rows = await ctx.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.accountId, owner.principal.accountId), eq(auditLog.target, target)))
    .orderBy(auditLog.id);
  return rows.map((r) => r.action);
}

describe("adding a sender domain", () => {
  it("stores it pending with a token and a sealed DKIM key, and lists the four records to publish", async () => {
    const owner = await newOwner();
    const created = await createSenderDomain({ ctx: owner, input: { domain: "  Mail.Example.COM " } });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^dom_[0-9a-z]{26}$/),
      domain: "mail.example.com",
      status: "pending",
      dkimSelector: "edgepost",
      checks: null,
      verifiedAt: null,
      createdAt: clock.now,
    });
    const [row] = await ctx.db.select().from(senderDomains).where(eq(senderDomains.id, created.id));
    expect(row?.accountId).toBe(owner.principal.accountId);
    const token = row?.verificationToken ?? "";
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(created.records).toEqual([
      expect.objectContaining({
        purpose: "ownership",
        type: "TXT",
        name: "_edgepost.mail.example.com",
        value: `edgepost-verification=${token}`,
      }),
      expect.objectContaining({
        purpose: "spf",
        name: "mail.example.com",
        value: "v=spf1 include:_spf.edgepost.dev ~all",
      }),
      expect.objectContaining({
        purpose: "dkim",
        name: "edgepost._domainkey.mail.example.com",
        value: `v=DKIM1; k=rsa; p=${row?.dkimPublicKey}`,
      }),
      expect.objectContaining({ purpose: "dmarc", name: "_dmarc.mail.example.com" }),
    ]);
    expect(recordOf(created, "dmarc").value).toMatch(/^v=DMARC1; p=none/);

    // The private key is only stored sealed, and it is the pair of the published public key.
    const sealed = row?.dkimPrivateKeySealed ?? "";
    expect(sealed).toMatch(/^v1\./);
    expect(JSON.stringify(created)).not.toContain(sealed);
    const pkcs8 = await unseal(signingSecret, DKIM_SEAL_PURPOSE, sealed);
    const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
    const privateKey = await crypto.subtle.importKey("pkcs8", b64(pkcs8), algorithm, false, ["sign"]);
    const publicKey = await crypto.subtle.importKey("spki", b64(row?.dkimPublicKey ?? ""), algorithm, true, [
      "verify",
    ]);
    expect((publicKey.algorithm as { modulusLength?: number }).modulusLength).toBe(2048);
    const data = new TextEncoder().encode("signed");
    const signature = await crypto.subtle.sign(algorithm, privateKey, data);
    expect(await crypto.subtle.verify(algorithm, publicKey, signature, data)).toBe(true);

    expect(await auditActions(owner, created.id)).toEqual(["sender_domain.created"]);
  });

  it("stores an internationalised domain in its ASCII form", async () => {
    const owner = await newOwner();
    const created = await createSenderDomain({ ctx: owner, input: { domain: "Bücher.example" } });
    expect(created.domain).toBe("xn--bcher-kva.example");
  });

  it.each([
    ["example.com.", "dot"],
    ["localhost", "two labels"],
    ["", "domain name"],
    ["exa mple.com", "domain name"],
    ["under_score.example.com", "host name"],
    ["-leading.example.com", "host name"],
    ["double..dot.com", "host name"],
    ["192.168.0.1", "IP address"],
    ["user@example.com", "domain name"],
    ["https://example.com", "domain name"],
    [`${"a".repeat(64)}.example.com`, "host name"],
    [`${"abcdefghi.".repeat(25)}example.com`, "253"],
  ])("refuses %j, naming the domain field", async (domain, message) => {
    const owner = await newOwner();
    const error = await createSenderDomain({ ctx: owner, input: { domain } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    const issues = (error as ZodError).issues;
    expect(issues.map((i) => i.path)).toEqual([["domain"]]);
    expect(issues[0]?.message).toContain(message);
  });

  it("is unique per account, whatever the case, but another account may add the same domain", async () => {
    const owner = await newOwner();
    const domain = uniqueDomain();
    await createSenderDomain({ ctx: owner, input: { domain } });
    await expect(
      createSenderDomain({ ctx: owner, input: { domain: domain.toUpperCase() } }),
    ).rejects.toMatchObject({ code: "conflict" });
    const other = await newOwner("Other");
    await expect(createSenderDomain({ ctx: other, input: { domain } })).resolves.toMatchObject({ domain });
    const rows = await ctx.db.select().from(senderDomains).where(eq(senderDomains.domain, domain));
    expect(rows).toHaveLength(2);
  });

  it("is for owners and admins of accounts that are not suspended; everyone may read", async () => {
    const owner = await newOwner();
    const created = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
    const viewer = { ...owner, principal: { ...owner.principal, role: "viewer" as const } };
    await expect(
      createSenderDomain({ ctx: viewer, input: { domain: uniqueDomain() } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(verifySenderDomain({ ctx: viewer, input: { id: created.id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(deleteSenderDomain({ ctx: viewer, input: { id: created.id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(getSenderDomain({ ctx: viewer, input: { id: created.id } })).resolves.toMatchObject({
      id: created.id,
    });
    const suspended = { ...owner, principal: { ...owner.principal, accountStatus: "suspended" as const } };
    await expect(
      createSenderDomain({ ctx: suspended, input: { domain: uniqueDomain() } }),
    ).rejects.toMatchObject({ code: "account_suspended" });
    await expect(listSenderDomains({ ctx: suspended, input: {} })).resolves.toMatchObject({
      items: [expect.objectContaining({ id: created.id })],
    });
  });
});

describe("verifying a sender domain", () => {
  it("verifies it when all four records are published, and records each check", async () => {
    const owner = await newOwner();
    const created = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
    clock.now = new Date("2026-12-01T10:00:00Z");
    const verified = await verifyWith(owner, created.id, published(created.records));
    expect(verified).toMatchObject({ status: "verified", verifiedAt: clock.now, lastCheckedAt: clock.now });
    expect(verified.checks).toEqual({
      ownership: { ok: true, found: [recordOf(created, "ownership").value] },
      spf: { ok: true, found: [recordOf(created, "spf").value] },
      dkim: { ok: true, found: [recordOf(created, "dkim").value] },
      dmarc: { ok: true, found: [recordOf(created, "dmarc").value] },
    });
    expect(await getSenderDomain({ ctx: owner, input: { id: created.id } })).toEqual(verified);
    expect(await auditActions(owner, created.id)).toEqual([
      "sender_domain.created",
      "sender_domain.verified",
    ]);
  });

  it("accepts records as customers really publish them: among others, merged, split, spaced", async () => {
    const owner = await newOwner();
    const d = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
    const key = recordOf(d, "dkim").value.replace(/^.*p=/, "");
    const records = {
      [recordOf(d, "ownership").name]: ["something-else=1", recordOf(d, "ownership").value],
      [d.domain]: [
        "google-site-verification=abc",
        "v=spf1 ip4:192.0.2.1 +include:_SPF.edgepost.dev. include:_spf.google.com -all",
      ],
      [recordOf(d, "dkim").name]: [`k=rsa; p=${key.slice(0, 200)} ${key.slice(200)}`],
      [recordOf(d, "dmarc").name]: ["v=DMARC1;p=reject;rua=mailto:d@example.com"],
    };
    const verified = await verifyWith(owner, d.id, records);
    expect(verified.status).toBe("verified");
    // Only SPF records are kept of the apex's TXT records.
    expect(verified.checks?.spf?.found).toEqual([records[d.domain]?.[1]]);
  });

  const failures: [string, string, (d: SenderDomain, records: Record<string, string[]>) => void][] = [
    ["ownership", "no ownership record", (d, r) => delete r[recordOf(d, "ownership").name]],
    [
      "ownership",
      "another token",
      (d, r) => {
        r[recordOf(d, "ownership").name] = ["edgepost-verification=0123456789abcdef0123456789abcdef"];
      },
    ],
    [
      "ownership",
      "the token with extra text",
      (d, r) => {
        r[recordOf(d, "ownership").name] = [`${recordOf(d, "ownership").value} `];
      },
    ],
    ["spf", "no SPF record", (d, r) => delete r[d.domain]],
    [
      "spf",
      "an SPF record without the include",
      (d, r) => {
        r[d.domain] = ["v=spf1 include:_spf.google.com ~all"];
      },
    ],
    [
      "spf",
      "the include with a failing qualifier",
      (d, r) => {
        r[d.domain] = ["v=spf1 -include:_spf.edgepost.dev ~all"];
      },
    ],
    [
      "spf",
      "two SPF records",
      (d, r) => {
        r[d.domain] = [recordOf(d, "spf").value, "v=spf1 include:_spf.google.com ~all"];
      },
    ],
    ["dkim", "no DKIM record", (d, r) => delete r[recordOf(d, "dkim").name]],
    [
      "dkim",
      "another key",
      (d, r) => {
        r[recordOf(d, "dkim").name] = [recordOf(d, "dkim").value.replace(/p=.{8}/, "p=AAAAAAAA")];
      },
    ],
    [
      "dkim",
      "the key of another key type",
      (d, r) => {
        r[recordOf(d, "dkim").name] = [recordOf(d, "dkim").value.replace("k=rsa", "k=ed25519")];
      },
    ],
    ["dmarc", "no DMARC record", (d, r) => delete r[recordOf(d, "dmarc").name]],
    [
      "dmarc",
      "something else at _dmarc",
      (d, r) => {
        r[recordOf(d, "dmarc").name] = ["p=none; v=DMARC1"];
      },
    ],
    [
      "dmarc",
      "two DMARC records",
      (d, r) => {
        r[recordOf(d, "dmarc").name] = ["v=DMARC1; p=none", "v=DMARC1; p=reject"];
      },
    ],
  ];

  it.each(failures)("fails the %s check with %s, and the domain with it", async (check, _, spoil) => {
    const owner = await newOwner();
    const d = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
    const records = published(d.records);
    spoil(d, records);
    const result = await verifyWith(owner, d.id, records);
    expect(result.status).toBe("failed");
    expect(result.verifiedAt).toBeNull();
    const ok = Object.fromEntries(Object.entries(result.checks ?? {}).map(([name, c]) => [name, c.ok]));
    expect(ok).toEqual({ ownership: true, spf: true, dkim: true, dmarc: true, [check]: false });
    expect(await auditActions(owner, d.id)).toEqual([
      "sender_domain.created",
      "sender_domain.verification_failed",
    ]);
  });

  it("keeps when it was verified, and sets a domain back to failed when its records go", async () => {
    const owner = await newOwner();
    const d = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
    const records = published(d.records);
    const first = new Date("2026-12-02T08:00:00Z");
    clock.now = first;
    await verifyWith(owner, d.id, records);
    clock.now = new Date("2026-12-03T08:00:00Z");
    expect(await verifyWith(owner, d.id, records)).toMatchObject({
      status: "verified",
      verifiedAt: first,
      lastCheckedAt: clock.now,
    });
    await expect(assertVerifiedSender(ctx, owner.principal.accountId, `news@${d.domain}`)).resolves.toBe(
      undefined,
    );

    delete records[recordOf(d, "dkim").name];
    clock.now = new Date("2026-12-04T08:00:00Z");
    const failed = await verifyWith(owner, d.id, records);
    expect(failed).toMatchObject({ status: "failed", verifiedAt: null, lastCheckedAt: clock.now });
    expect(failed.checks?.dkim).toEqual({ ok: false, found: [] });
    const [row] = await ctx.db.select().from(senderDomains).where(eq(senderDomains.id, d.id));
    expect(row).toMatchObject({ status: "failed", verifiedAt: null });
    await expect(
      assertVerifiedSender(ctx, owner.principal.accountId, `news@${d.domain}`),
    ).rejects.toBeInstanceOf(InvalidFields);
  });

  it("changes nothing when DNS cannot be asked, and says dns_unavailable", async () => {
    const owner = await newOwner();
    const d = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
    await verifyWith(owner, d.id, published(d.records));
    const [before] = await ctx.db.select().from(senderDomains).where(eq(senderDomains.id, d.id));
    const unavailable = async (): Promise<string[]> => {
      throw new DnsUnavailable("The DNS resolver did not answer within 5000 ms.");
    };
    const down: DnsResolver = { txt: unavailable, addresses: unavailable };
    clock.now = new Date(clock.now.getTime() + 3_600_000);
    const error = await verifySenderDomain({ ctx: { ...owner, dns: down }, input: { id: d.id } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: "unavailable",
      message: expect.stringMatching(/^dns_unavailable: /),
    });
    const [after] = await ctx.db.select().from(senderDomains).where(eq(senderDomains.id, d.id));
    expect(after).toEqual(before);
    expect(after?.status).toBe("verified");
    expect(await auditActions(owner, d.id)).toEqual(["sender_domain.created", "sender_domain.verified"]);
  });
});

describe("another account's sender domain", () => {
  it("is not found by its id for reading, verifying or deleting, nor listed", async () => {
    const owner = await newOwner();
    const d = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
    const stranger = { ...(await newOwner("Stranger")), dns: staticResolver(published(d.records)) };
    await expect(getSenderDomain({ ctx: stranger, input: { id: d.id } })).rejects.toBeInstanceOf(NotFound);
    await expect(verifySenderDomain({ ctx: stranger, input: { id: d.id } })).rejects.toBeInstanceOf(NotFound);
    await expect(deleteSenderDomain({ ctx: stranger, input: { id: d.id } })).rejects.toBeInstanceOf(NotFound);
    expect(await listSenderDomains({ ctx: stranger, input: {} })).toEqual({ items: [], nextCursor: null });
    expect(
      await listSenderDomains({ ctx: stranger, input: { cursor: "dom_zzzzzzzzzzzzzzzzzzzzzzzzzz" } }),
    ).toEqual({ items: [], nextCursor: null });
    expect(await getSenderDomain({ ctx: owner, input: { id: d.id } })).toMatchObject({ status: "pending" });
  });

  it("cannot be sent from, nor its DKIM key be had, even when verified", async () => {
    const owner = await newOwner();
    const d = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
    await verifyWith(owner, d.id, published(d.records));
    const stranger = await newOwner("Stranger");
    await expect(
      assertVerifiedSender(ctx, stranger.principal.accountId, `a@${d.domain}`),
    ).rejects.toMatchObject({
      code: "invalid_input",
      fields: [{ path: "from", message: expect.stringContaining("not a sender domain") }],
    });
    expect(await dkimKeyFor(ctx, stranger.principal.accountId, d.domain, signingSecret)).toBeUndefined();
  });
});

describe("listing and deleting sender domains", () => {
  it("lists the account's domains newest first, a page at a time", async () => {
    const owner = await newOwner();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      made.push((await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } })).id);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const first = await listSenderDomains({ ctx: owner, input: { limit: 2 } });
    expect(first.items.map((i) => i.id)).toEqual([made[2], made[1]]);
    expect(first.items[0]).toMatchObject({ status: "pending", verifiedAt: null, lastCheckedAt: null });
    expect(first.nextCursor).toBe(made[1]);
    const second = await listSenderDomains({
      ctx: owner,
      input: { limit: 2, cursor: first.nextCursor ?? "" },
    });
    expect(second).toEqual({ items: [expect.objectContaining({ id: made[0] })], nextCursor: null });
  });

  it("deletes a domain: gone, audited, and the name may be added again", async () => {
    const owner = await newOwner();
    const d = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
    expect(await deleteSenderDomain({ ctx: owner, input: { id: d.id } })).toEqual({
      id: d.id,
      domain: d.domain,
    });
    await expect(getSenderDomain({ ctx: owner, input: { id: d.id } })).rejects.toBeInstanceOf(NotFound);
    await expect(deleteSenderDomain({ ctx: owner, input: { id: d.id } })).rejects.toBeInstanceOf(NotFound);
    expect(await auditActions(owner, d.id)).toEqual(["sender_domain.created", "sender_domain.deleted"]);
    await expect(createSenderDomain({ ctx: owner, input: { domain: d.domain } })).resolves.toMatchObject({
      status: "pending",
    });
  });
});

describe("the send path", () => {
  it("lets an address of a verified domain of the account through, and nothing else", async () => {
    const owner = await newOwner();
    const accountId = owner.principal.accountId;
    const verified = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
    await verifyWith(owner, verified.id, published(verified.records));
    const pending = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });

    for (const from of [
      `hello@${verified.domain}`,
      `Hello@${verified.domain.toUpperCase()}`,
      `"Acme News" <news@${verified.domain}>`,
    ]) {
      await expect(assertVerifiedSender(ctx, accountId, from)).resolves.toBeUndefined();
    }
    const refusals: [string, string][] = [
      [`hello@${pending.domain}`, "pending, not verified"],
      [`hello@news.${verified.domain}`, "not a sender domain"],
      ["hello@unknown.example", "not a sender domain"],
      ["not an address", "email address"],
      [`${verified.domain}`, "email address"],
    ];
    for (const [from, message] of refusals) {
      const error = await assertVerifiedSender(ctx, accountId, from).catch((e: unknown) => e);
      expect(error, from).toBeInstanceOf(InvalidFields);
      expect(error).toMatchObject({ code: "invalid_input", fields: [{ path: "from" }] });
      expect((error as InvalidFields).fields?.[0]?.message).toContain(message);
    }
    await expect(
      assertVerifiedSender(ctx, accountId, "x@unknown.example", "messages.2.from"),
    ).rejects.toMatchObject({ fields: [{ path: "messages.2.from" }] });
  });

  it("gives the delivery worker the DKIM key of verified domains only", async () => {
    const owner = await newOwner();
    const accountId = owner.principal.accountId;
    const d = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
    expect(await dkimKeyFor(ctx, accountId, d.domain, signingSecret)).toBeUndefined();
    await verifyWith(owner, d.id, published(d.records));
    const key = await dkimKeyFor(ctx, accountId, `${d.domain.toUpperCase()}.`, signingSecret);
    expect(key).toEqual({ domain: d.domain, selector: "edgepost", privateKeyPkcs8: expect.any(String) });
    const imported = await crypto.subtle.importKey(
      "pkcs8",
      b64(key?.privateKeyPkcs8 ?? ""),
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
      false,
      ["sign"],
    );
    expect(imported.type).toBe("private");
    await expect(
      dkimKeyFor(ctx, accountId, d.domain, "another-secret-of-at-least-32-characters"),
    ).rejects.toThrow();
  });
});

/** The DKIM key the delivery worker would sign an account's mail from this domain with. */
async function dkimKeyFor(c: typeof ctx, accountId: string, domain: string, secret: string) {
  return (await readSenders(c, [accountId], secret)).get(accountId)?.dkim(domain);
}

describe("resolvers", () => {
  it("the static resolver answers from its map, whatever the case or a trailing dot", async () => {
    const dns = staticResolver({
      "_edgepost.Demo.test.": ["edgepost-verification=abc"],
      "demo.test": ["a", "b"],
    });
    expect(await dns.txt("_edgepost.demo.test")).toEqual(["edgepost-verification=abc"]);
    expect(await dns.txt("DEMO.TEST.")).toEqual(["a", "b"]);
    expect(await dns.txt("other.test")).toEqual([]);
  });

  it("joins a TXT record's strings and reads zone-file escapes", () => {
    expect(joinTxtData('"v=DKIM1; k=rsa; p=MIIB" "IjANBg"')).toBe("v=DKIM1; k=rsa; p=MIIBIjANBg");
    expect(joinTxtData('"say \\"hi\\" \\\\ \\065\\066"')).toBe('say "hi" \\ AB');
    expect(joinTxtData('"caf\\195\\169 ü 😀"')).toBe("café ü 😀");
    expect(joinTxtData("unquoted v=spf1 -all")).toBe("unquoted v=spf1 -all");
  });

  describe("over DNS-over-HTTPS (JSON)", () => {
    const requests: { url: string; accept: string | undefined }[] = [];
    const zones: Record<string, (res: ServerResponse) => void> = {};
    const json =
      (body: unknown, status = 200) =>
      (res: ServerResponse) => {
        res.writeHead(status, { "content-type": "application/dns-json" });
        res.end(JSON.stringify(body));
      };
    let endpoint = "";
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      requests.push({ url: url.pathname + url.search, accept: req.headers.accept });
      const answer = zones[url.searchParams.get("name") ?? ""];
      if (answer) answer(res);
      else json({ Status: 3, Question: [{ name: url.searchParams.get("name"), type: 16 }] })(res);
    });

    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dns-query`;
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    zones["demo.test"] = json({
      Status: 0,
      TC: false,
      RD: true,
      RA: true,
      AD: false,
      CD: false,
      Question: [{ name: "demo.test", type: 16 }],
      Answer: [
        { name: "demo.test", type: 16, TTL: 300, data: '"v=spf1 include:_spf.edgepost.dev ~all"' },
        { name: "demo.test", type: 16, TTL: 300, data: '"google-site-verification=x"' },
      ],
    });
    zones["edgepost._domainkey.demo.test"] = json({
      Status: 0,
      Answer: [
        { name: "edgepost._domainkey.demo.test", type: 5, TTL: 300, data: "keys.provider.example." },
        {
          name: "keys.provider.example",
          type: 16,
          TTL: 300,
          data: '"v=DKIM1; k=rsa; p=MIIBIjAN" "BgkqhkiG9w0B"',
        },
      ],
    });
    zones["_dmarc.demo.test"] = json({ Status: 0, Question: [{ name: "_dmarc.demo.test", type: 16 }] });
    zones["servfail.test"] = json({ Status: 2 });
    zones["refused.test"] = json({ Status: 5 });
    zones["http-error.test"] = json({ error: "overloaded" }, 502);
    zones["not-json.test"] = (res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>captive portal</html>");
    };
    zones["hangs.test"] = () => undefined;

    it("asks for TXT records in the documented way and returns each record's joined strings", async () => {
      const dns = dohResolver({ endpoint });
      expect(await dns.txt("Demo.Test.")).toEqual([
        "v=spf1 include:_spf.edgepost.dev ~all",
        "google-site-verification=x",
      ]);
      expect(requests.at(-1)).toEqual({
        url: "/dns-query?name=demo.test&type=TXT",
        accept: "application/dns-json",
      });
      expect(await dns.txt("edgepost._domainkey.demo.test")).toEqual([
        "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0B",
      ]);
    });

    it("answers no records for NXDOMAIN, an empty answer and other final response codes", async () => {
      const dns = dohResolver({ endpoint });
      expect(await dns.txt("nowhere.test")).toEqual([]);
      expect(await dns.txt("_dmarc.demo.test")).toEqual([]);
      expect(await dns.txt("refused.test")).toEqual([]);
    });

    it.each([
      ["servfail.test", "SERVFAIL"],
      ["http-error.test", "HTTP 502"],
      ["not-json.test", "not DNS JSON"],
      ["hangs.test", "within 200 ms"],
    ])("throws DnsUnavailable for %s", async (name, message) => {
      const error = await dohResolver({ endpoint, timeoutMs: 200 })
        .txt(name)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DnsUnavailable);
      expect((error as Error).message).toContain(message);
    });

    it("throws DnsUnavailable when the resolver cannot be reached", async () => {
      const closed = dohResolver({ endpoint: "http://127.0.0.1:9/dns-query", timeoutMs: 2000 });
      await expect(closed.txt("demo.test")).rejects.toBeInstanceOf(DnsUnavailable);
    });

    it("verifies a domain through it, and reports a resolver that hangs as dns_unavailable", async () => {
      const owner = await newOwner();
      const d = await createSenderDomain({ ctx: owner, input: { domain: uniqueDomain() } });
      for (const record of d.records) {
        const strings = record.value.match(/.{1,255}/g) ?? [];
        zones[record.name] = json({
          Status: 0,
          Answer: [{ name: record.name, type: 16, TTL: 60, data: strings.map((s) => `"${s}"`).join(" ") }],
        });
      }
      const dns = dohResolver({ endpoint, timeoutMs: 200 });
      expect(await verifySenderDomain({ ctx: { ...owner, dns }, input: { id: d.id } })).toMatchObject({
        status: "verified",
      });
      zones[`_dmarc.${d.domain}`] = zones["hangs.test"] as (res: ServerResponse) => void;
      await expect(verifySenderDomain({ ctx: { ...owner, dns }, input: { id: d.id } })).rejects.toMatchObject(
        {
          code: "unavailable",
          message: expect.stringContaining("dns_unavailable"),
        },
      );
      expect(await getSenderDomain({ ctx: owner, input: { id: d.id } })).toMatchObject({
        status: "verified",
      });
    });
  });
});

function b64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
