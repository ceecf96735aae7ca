import { env, SELF } from "cloudflare:test";
import { createCtx, PASSWORD_SHAPE, recordSmtpSend, USERNAME_SHAPE } from "@edgepost/core";
import { smtpCredentials } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, newAccountWithKey } from "./seed";

const API = "https://api.test";

function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return SELF.fetch(`${API}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface Credential {
  id: string;
  name: string;
  username: string;
  status: string;
  lastSentAt: string | null;
  activatedAt: string;
  disabledAt: string | null;
  deactivatedAt: string | null;
  createdAt: string;
  password?: string;
}

async function create(headers: Record<string, string>, name = "Shop backend") {
  const res = await call("POST", "/v1/smtp-credentials", headers, { name });
  expect(res.status).toBe(201);
  return (await res.json()) as Credential;
}

const setStatus = (id: string, status: "disabled" | "deactivated", at: Date) =>
  db
    .update(smtpCredentials)
    .set(status === "disabled" ? { status, disabledAt: at } : { status, deactivatedAt: at })
    .where(eq(smtpCredentials.id, id));

describe("/v1/smtp-credentials", () => {
  it("creates a credential with its password shown once, and lists it without", async () => {
    const { headers } = await newAccountWithKey();
    const created = await create(headers);
    expect(created).toMatchObject({
      id: expect.stringMatching(/^smtp_[0-9a-z]{26}$/),
      name: "Shop backend",
      status: "active",
      lastSentAt: null,
      disabledAt: null,
      deactivatedAt: null,
    });
    expect(created.username).toMatch(USERNAME_SHAPE);
    expect(created.password).toMatch(PASSWORD_SHAPE);
    expect(created.activatedAt).toBe(created.createdAt);

    const { password, ...shown } = created;
    const res = await call("GET", "/v1/smtp-credentials", headers);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ items: [shown], nextCursor: null });
    expect(text).not.toContain(password);
    const [row] = await db.select().from(smtpCredentials).where(eq(smtpCredentials.id, created.id));
    expect(text).not.toContain(row?.passwordHash);
    expect(JSON.stringify(row)).not.toContain(password);
  });

  it("pages newest first", async () => {
    const { headers } = await newAccountWithKey();
    const ids = [];
    for (const name of ["one", "two", "three"]) ids.push((await create(headers, name)).id);
    const first = (await (await call("GET", "/v1/smtp-credentials?limit=2", headers)).json()) as {
      items: Credential[];
      nextCursor: string | null;
    };
    expect(first.items.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    const second = (await (
      await call("GET", `/v1/smtp-credentials?limit=2&cursor=${first.nextCursor}`, headers)
    ).json()) as { items: Credential[]; nextCursor: string | null };
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
  });

  it("reactivates a disabled credential, refuses a deactivated one with 409, and deletes", async () => {
    const { headers } = await newAccountWithKey();
    const disabled = await create(headers, "disabled");
    const deactivated = await create(headers, "deactivated");
    const longAgo = new Date(Date.now() - 40 * 86_400_000);
    await setStatus(disabled.id, "disabled", longAgo);
    await setStatus(deactivated.id, "deactivated", longAgo);

    const res = await call("POST", `/v1/smtp-credentials/${disabled.id}/reactivate`, headers);
    expect(res.status).toBe(200);
    const back = (await res.json()) as Credential;
    expect(back).toMatchObject({ id: disabled.id, status: "active", disabledAt: null });
    expect(Date.parse(back.activatedAt)).toBeGreaterThan(Date.parse(disabled.activatedAt));
    expect(back).not.toHaveProperty("password");
    // Already active: answered as it is.
    const again = await call("POST", `/v1/smtp-credentials/${disabled.id}/reactivate`, headers);
    expect(await again.json()).toEqual(back);

    const refused = await call("POST", `/v1/smtp-credentials/${deactivated.id}/reactivate`, headers);
    expect(refused.status).toBe(409);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(await refused.json()).toMatchObject({ status: 409, code: "conflict" });

    expect((await call("DELETE", `/v1/smtp-credentials/${deactivated.id}`, headers)).status).toBe(204);
    expect((await call("DELETE", `/v1/smtp-credentials/${deactivated.id}`, headers)).status).toBe(404);
    const list = (await (await call("GET", "/v1/smtp-credentials", headers)).json()) as {
      items: Credential[];
    };
    expect(list.items.map((c) => c.id)).toEqual([disabled.id]);
  });

  it("keeps other accounts' credentials out of reach: 404, unchanged", async () => {
    const a = await newAccountWithKey();
    const b = await newAccountWithKey();
    const { id } = await create(a.headers);
    await setStatus(id, "disabled", new Date());
    for (const [method, path] of [
      ["POST", `/v1/smtp-credentials/${id}/reactivate`],
      ["DELETE", `/v1/smtp-credentials/${id}`],
    ] as const) {
      const res = await call(method, path, b.headers);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: "not_found" });
    }
    expect(await (await call("GET", "/v1/smtp-credentials", b.headers)).json()).toEqual({
      items: [],
      nextCursor: null,
    });
    const [row] = await db.select().from(smtpCredentials).where(eq(smtpCredentials.id, id));
    expect(row?.status).toBe("disabled");
  });

  it("refuses bad input, naming the field", async () => {
    const { headers } = await newAccountWithKey();
    const empty = await call("POST", "/v1/smtp-credentials", headers, { name: "  " });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ code: "invalid_input", errors: [{ path: "name" }] });
    const extra = await call("POST", "/v1/smtp-credentials", headers, { name: "x", password: "mine" });
    expect(extra.status).toBe(400);
    expect((await call("POST", "/v1/smtp-credentials/smtp_nope/reactivate", headers)).status).toBe(400);
    expect(
      (await call("DELETE", "/v1/smtp-credentials/key_01jf3m8q2v7k9x4c6b8n0p2r4t", headers)).status,
    ).toBe(400);
  });

  it("records a relay send in workerd, shown as lastSentAt", async () => {
    const { headers } = await newAccountWithKey();
    const created = await create(headers);
    const sent = await recordSmtpSend({ ctx: createCtx(env), input: { username: created.username } });
    const list = (await (await call("GET", "/v1/smtp-credentials", headers)).json()) as {
      items: Credential[];
    };
    expect(list.items[0]?.lastSentAt).toBe(sent.lastSentAt.toISOString());
  });

  it("documents the create body with an example", async () => {
    const doc = (await (await SELF.fetch(`${API}/v1/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { example?: unknown }> } }>
      >;
    };
    const post = doc.paths["/v1/smtp-credentials"]?.post;
    expect(post?.requestBody?.content["application/json"]?.example).toEqual({ name: "Shop backend" });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/smtp-credentials/{id}/reactivate", "/v1/smtp-credentials/{id}"]),
    );
  });
});
