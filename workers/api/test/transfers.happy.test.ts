import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newAccountWithKey } from "./seed";

const API = "https://api.test";

function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return SELF.fetch(`${API}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const consent = { origin: "signup_form", description: "The newsletter box on shop.example" };

describe("imports through the API", () => {
  it("are declared, uploaded as raw bytes, mapped by the header, queued, and followed", async () => {
    const { headers } = await newAccountWithKey();
    const created = await call("POST", "/v1/imports", headers, {
      format: "csv",
      fileName: "people.csv",
      consent,
    });
    expect(created.status).toBe(201);
    const imp = (await created.json()) as { id: string; status: string };
    expect(imp.status).toBe("awaiting_upload");

    const uploaded = await SELF.fetch(`${API}/v1/imports/${imp.id}/file`, {
      method: "PUT",
      headers: { ...headers, "content-type": "text/csv" },
      body: "Email,Telephone\nann@example.com,+41791234567\n",
    });
    expect(uploaded.status).toBe(202);
    expect(await uploaded.json()).toMatchObject({
      status: "queued",
      fileSize: 45,
      columns: { Email: "email", Telephone: "phone" },
      progress: { percent: 0, rowsRead: 0 },
    });

    const read = await call("GET", `/v1/imports/${imp.id}`, headers);
    expect(await read.json()).toMatchObject({
      id: imp.id,
      status: "queued",
      consent: { origin: "signup_form" },
    });
    const report = await call("GET", `/v1/imports/${imp.id}/errors`, headers);
    expect(report.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(await report.text()).toBe("row,column,value,error\r\n");
    const list = (await (await call("GET", "/v1/imports", headers)).json()) as { items: { id: string }[] };
    expect(list.items.map((i) => i.id)).toEqual([imp.id]);
  });

  it("refuse purchased, rented and third-party lists with 422 naming the field", async () => {
    const { headers } = await newAccountWithKey();
    const res = await call("POST", "/v1/imports", headers, {
      format: "xlsx",
      consent: { ...consent, origin: "purchased" },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      code: "consent_origin_refused",
      errors: [{ path: "consent.origin" }],
    });
  });

  it("refuse an upload without its length, and one that cannot be read", async () => {
    const { headers } = await newAccountWithKey();
    const imp = (await (await call("POST", "/v1/imports", headers, { format: "xlsx", consent })).json()) as {
      id: string;
    };
    const bare = await SELF.fetch(`${API}/v1/imports/${imp.id}/file`, { method: "PUT", headers });
    expect(bare.status).toBe(411);
    const notXlsx = await SELF.fetch(`${API}/v1/imports/${imp.id}/file`, {
      method: "PUT",
      headers,
      body: "email\nann@example.com\n",
    });
    expect(notXlsx.status).toBe(422);
    expect(await notXlsx.json()).toMatchObject({ code: "unreadable_file" });
  });
});

describe("exports through the API", () => {
  it("are queued, and their download links are refused when forged", async () => {
    const { headers } = await newAccountWithKey();
    const res = await call("POST", "/v1/exports", headers, { format: "xlsx" });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({
      status: "queued",
      format: "xlsx",
      source: "contacts",
      download: null,
    });
    const forged = await SELF.fetch(
      `${API}/downloads/eyJwdXJwb3NlIjoiZXhwb3J0X2Rvd25sb2FkIn0.${"A".repeat(43)}`,
    );
    expect(forged.status).toBe(403);
  });
});
