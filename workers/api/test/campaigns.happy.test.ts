import { SELF } from "cloudflare:test";
import { campaigns } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, newAccountWithKey, verifiedDomain } from "./seed";

const API = "https://api.test";

function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return SELF.fetch(`${API}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface Campaign {
  id: string;
  name: string;
  status: string;
  audience: { lists: string[]; segments: string[]; excludeLists: string[]; excludeSegments: string[] };
  sender: { email: string; name?: string } | null;
  subject: string | null;
  html: string | null;
  scheduledAt: string | null;
}

describe("/v1/campaigns", () => {
  it("stores a draft, reads, changes, duplicates, lists and deletes it", async () => {
    const { accountId, headers } = await newAccountWithKey();
    const domain = await verifiedDomain(accountId);
    const list = (await (await call("POST", "/v1/lists", headers, { name: "News" })).json()) as {
      id: string;
    };
    const res = await call("POST", "/v1/campaigns", headers, {
      name: "December",
      audience: { lists: [list.id] },
      sender: { email: `news@${domain}`, name: "Acme" },
      subject: "Hello {{ first_name | default: 'friend' }}",
      html: "<p>News</p>",
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Campaign;
    expect(created).toMatchObject({
      status: "draft",
      audience: { lists: [list.id], segments: [], excludeLists: [], excludeSegments: [] },
      sender: { email: `news@${domain}`, name: "Acme" },
      scheduledAt: null,
    });
    expect(await (await call("GET", `/v1/campaigns/${created.id}`, headers)).json()).toEqual(created);

    const patched = await call("PATCH", `/v1/campaigns/${created.id}`, headers, {
      subject: null,
      name: "Dec.",
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ name: "Dec.", subject: null });

    const copy = (await (
      await call("POST", `/v1/campaigns/${created.id}/duplicate`, headers)
    ).json()) as Campaign;
    expect(copy).toMatchObject({ name: "Dec. (copy)", status: "draft", html: "<p>News</p>" });
    const page = (await (await call("GET", "/v1/campaigns?limit=10", headers)).json()) as {
      items: Campaign[];
    };
    expect(page.items.map((c) => c.id)).toEqual([copy.id, created.id]);

    expect((await call("DELETE", `/v1/campaigns/${copy.id}`, headers)).status).toBe(204);
    expect((await call("GET", `/v1/campaigns/${copy.id}`, headers)).status).toBe(404);
  });

  it("answers 400 naming each wrong field and stores nothing", async () => {
    const { accountId, headers } = await newAccountWithKey();
    const res = await call("POST", "/v1/campaigns", headers, {
      name: "Bad",
      audience: { lists: ["lst_00000000000000000000000000"] },
      sender: { email: "news@not-verified.example.org" },
      html: "<p>{% if %}</p>",
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(["audience.lists[0]", "html", "sender.email"]);
    expect(await db.select().from(campaigns).where(eq(campaigns.accountId, accountId))).toEqual([]);
  });

  it("refuses changes once a campaign is sending (409), and deleting anything but a draft", async () => {
    const { headers } = await newAccountWithKey();
    const created = (await (
      await call("POST", "/v1/campaigns", headers, { name: "Busy" })
    ).json()) as Campaign;
    await db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, created.id));
    expect((await call("PATCH", `/v1/campaigns/${created.id}`, headers, { name: "Later" })).status).toBe(409);
    expect((await call("DELETE", `/v1/campaigns/${created.id}`, headers)).status).toBe(409);
  });

  it("counts the audience it would reach now, each contact once, with the credits it needs", async () => {
    const { headers } = await newAccountWithKey();
    const list = async (name: string) =>
      (
        (await (await call("POST", "/v1/lists", headers, { name, doubleOptIn: false })).json()) as {
          id: string;
        }
      ).id;
    const [news, offers] = [await list("News"), await list("Offers")];
    for (const [email, on] of [
      ["ann@example.com", [news, offers]],
      ["bob@example.com", [news]],
      ["cy@example.com", []],
    ] as const) {
      const contact = (await (await call("POST", "/v1/contacts", headers, { email })).json()) as {
        id: string;
      };
      for (const listId of on) {
        const res = await call("PUT", `/v1/lists/${listId}/contacts/${contact.id}`, headers, {
          consentText: "Yes, send me the newsletter",
        });
        expect(res.status).toBe(200);
      }
    }
    const created = (await (
      await call("POST", "/v1/campaigns", headers, {
        name: "Both lists",
        audience: { lists: [news, offers] },
      })
    ).json()) as Campaign;
    const res = await call("GET", `/v1/campaigns/${created.id}/audience`, headers);
    expect(res.status).toBe(200);
    const counted = (await res.json()) as { recipients: number; emailCredits: number; shortfall: number };
    expect(counted.recipients).toBe(2);
    expect(counted.shortfall).toBe(Math.max(0, 2 - counted.emailCredits));

    const empty = (await (
      await call("POST", "/v1/campaigns", headers, { name: "Nobody" })
    ).json()) as Campaign;
    const refused = await call("GET", `/v1/campaigns/${empty.id}/audience`, headers);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("audience");
  });
});
