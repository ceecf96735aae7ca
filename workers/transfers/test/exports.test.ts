import {
  createContact,
  createContactField,
  createExport,
  createList,
  createSegment,
  downloadExport,
  getExport,
  subscribeContact,
} from "@edgepost/core";
import { bytesSource, readRows } from "@edgepost/tabular";
import { describe, expect, it } from "vitest";
import { consume, ownerCtx } from "./harness";

type Ctx = Awaited<ReturnType<typeof ownerCtx>>;

/** Runs the consumer on the export, then follows its signed link as a browser would. */
async function written(ctx: Ctx, input: Parameters<typeof createExport>[0]["input"]) {
  const queued = await createExport({ ctx, input });
  expect(queued).toMatchObject({ status: "queued", download: null });
  const [message] = ctx.queued.splice(0);
  expect((await consume(message!)).explicitAcks).toHaveLength(1);
  const exp = await getExport({ ctx, input: { id: queued.id } });
  expect(exp.status).toBe("completed");
  const token = exp.download!.url.split("/downloads/")[1]!;
  const file = await downloadExport({ ctx, input: { token } });
  return { exp, token, bytes: new Uint8Array(await new Response(file.body).arrayBuffer()), file };
}

async function cellsOf(format: "csv" | "xlsx", bytes: Uint8Array) {
  const rows: string[][] = [];
  for await (const row of readRows(format, bytesSource(bytes))) rows.push(row.cells);
  return rows;
}

async function accountWithContacts() {
  const ctx = await ownerCtx();
  await createContactField({ ctx, input: { key: "first_name", label: "First name", type: "text" } });
  await createContactField({ ctx, input: { key: "score", label: "Score", type: "number" } });
  const list = await createList({ ctx, input: { name: "Newsletter", doubleOptIn: false } });
  const ann = await createContact({
    ctx,
    input: { email: "ann@example.com", phone: "+41791234567", attributes: { first_name: "Ann", score: 3 } },
  });
  // A value a spreadsheet would run: it must arrive as text.
  const eve = await createContact({
    ctx,
    input: {
      email: "eve@example.com",
      attributes: { first_name: '=HYPERLINK("http://evil.example")', score: 9 },
    },
  });
  await subscribeContact({ ctx, input: { listId: list.id, contactId: ann.id, consentText: "Yes" } });
  return { ctx, list, ann, eve };
}

describe("an export", () => {
  it("writes every contact to CSV with formulas neutralised, downloadable through its signed link", async () => {
    const { ctx, ann, eve } = await accountWithContacts();
    const { exp, bytes, file } = await written(ctx, { format: "csv" });
    expect(exp).toMatchObject({ rows: 2, source: "contacts", bytes: bytes.byteLength });
    expect(file.fileName).toMatch(/^contacts-\d{4}-\d{2}-\d{2}-exp_[0-9a-z]{26}\.csv$/);
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")[0]).toBe("id,email,phone,first_name,score,created_at,updated_at");
    // A number starting with + too: a spreadsheet would turn it into a number (our imports read it back).
    expect(text).toContain(`${ann.id},ann@example.com,'+41791234567,Ann,3,`);
    // A leading apostrophe: the cell shows the text and runs nothing.
    expect(text).toContain(`${eve.id},eve@example.com,,"'=HYPERLINK(""http://evil.example"")",9,`);
  });

  it("writes a list as XLSX, with each contact's status on it", async () => {
    const { ctx, list, ann } = await accountWithContacts();
    const { exp, bytes } = await written(ctx, { format: "xlsx", listId: list.id });
    expect(exp).toMatchObject({ rows: 1, source: "list", sourceId: list.id });
    const rows = await cellsOf("xlsx", bytes);
    expect(rows[0]).toEqual([
      "id",
      "email",
      "phone",
      "first_name",
      "score",
      "list_status",
      "created_at",
      "updated_at",
    ]);
    expect(rows.slice(1).map((r) => r.slice(0, 6))).toEqual([
      [ann.id, "ann@example.com", "+41791234567", "Ann", "3", "subscribed"],
    ]);
  });

  it("writes a segment's contacts", async () => {
    const { ctx, eve } = await accountWithContacts();
    const segment = await createSegment({
      ctx,
      input: { name: "High scores", filter: { field: "attributes.score", op: "gt", value: 5 } },
    });
    const { bytes } = await written(ctx, { format: "csv", segmentId: segment.id });
    const rows = await cellsOf("csv", bytes);
    expect(rows.slice(1).map((r) => r[0])).toEqual([eve.id]);
  });

  it("is downloaded only through a valid link that has not expired", async () => {
    const { ctx } = await accountWithContacts();
    const { token } = await written(ctx, { format: "csv" });
    const [body, signature] = token.split(".");
    const forged = `${body}.${signature!.slice(0, -2)}${signature!.endsWith("AA") ? "BB" : "AA"}`;
    await expect(downloadExport({ ctx, input: { token: forged } })).rejects.toMatchObject({
      code: "forbidden",
    });
    const later = { ...ctx, now: () => new Date(Date.now() + 61 * 60_000) };
    await expect(downloadExport({ ctx: later, input: { token } })).rejects.toMatchObject({
      code: "forbidden",
      message: "The download link has expired: get a new one from the export.",
    });
  });

  it("of another account is not found", async () => {
    const { ctx } = await accountWithContacts();
    const { exp } = await written(ctx, { format: "csv" });
    const other = await ownerCtx();
    await expect(getExport({ ctx: other, input: { id: exp.id } })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
