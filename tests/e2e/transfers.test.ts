import { bytesSource, readRows } from "@edgepost/tabular";
import { describe, expect, it } from "vitest";
import { useLocalStack } from "./local-stack";

const local = useLocalStack();

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still not done: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("contacts in and out of the local stack", () => {
  it("imports a CSV through R2 and the transfers queue, reports its bad row, and exports the list as XLSX", async () => {
    const { info } = local.stack();
    const headers = { authorization: `Bearer ${info.apiKey}`, "content-type": "application/json" };
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${info.api}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as Record<string, unknown> & { id: string };
    };
    const tag = crypto.randomUUID().slice(0, 8);
    const list = await api("POST", "/v1/lists", { name: `Customers ${tag}`, doubleOptIn: false });
    const imp = await api("POST", "/v1/imports", {
      format: "csv",
      listId: list.id,
      consent: {
        origin: "customers",
        description: "Customers who ticked the newsletter box at checkout",
        text: "Send me the newsletter",
      },
    });
    const csv = `Email,Phone\nann-${tag}@example.com,+41791234567\nbob-${tag}@example.com,\nnot-an-address,\n`;
    const uploaded = await fetch(`${info.api}/v1/imports/${imp.id}/file`, {
      method: "PUT",
      headers: { authorization: headers.authorization, "content-type": "text/csv" },
      body: csv,
    });
    expect(uploaded.status).toBe(202);
    const finished = await until(
      () => api("GET", `/v1/imports/${imp.id}`),
      (i) => i.status === "completed" || i.status === "failed",
    );
    expect(finished).toMatchObject({
      status: "completed",
      progress: { percent: 100, rowsRead: 3, created: 2, failed: 1 },
    });
    const report = await fetch(`${info.api}/v1/imports/${imp.id}/errors`, { headers });
    expect(await report.text()).toBe(
      "row,column,value,error\r\n4,Email,not-an-address,is not a valid email address\r\n",
    );

    const exp = await api("POST", "/v1/exports", { format: "xlsx", listId: list.id });
    const ready = await until(
      () => api("GET", `/v1/exports/${exp.id}`),
      (e) => e.status === "completed" || e.status === "failed",
    );
    const download = ready.download as { url: string };
    // The link is the credential: no API key.
    const file = await fetch(download.url);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const rows: string[][] = [];
    for await (const row of readRows("xlsx", bytesSource(new Uint8Array(await file.arrayBuffer())))) {
      rows.push(row.cells);
    }
    expect(rows[0]?.slice(0, 3)).toEqual(["id", "email", "phone"]);
    const members = rows.slice(1).map((r) => [r[1], r[2], r[r.length - 3]]);
    expect(members.sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      [`ann-${tag}@example.com`, "+41791234567", "subscribed"],
      [`bob-${tag}@example.com`, "", "subscribed"],
    ]);
  });
});
