import { env, SELF } from "cloudflare:test";
import { contactExports } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, newAccountWithKey, newSignedInTenant } from "./seed";

const API = "https://api.test";
const OPERATOR = { authorization: "Bearer test-operator-key" };
const FILES = (env as unknown as { FILES: R2Bucket }).FILES;
const CSV = "id,email\r\nctc_1,ann@example.com\r\n";

/**
 * An export of the account whose file the transfers worker has written (that worker is tested on
 * its own), and the download link a read of it gives.
 */
async function writtenExport(headers: Record<string, string>): Promise<string> {
  const created = await SELF.fetch(`${API}/v1/exports`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ format: "csv" }),
  });
  expect(created.status).toBe(202);
  const { id } = (await created.json()) as { id: string };
  const [row] = await db
    .update(contactExports)
    .set({ status: "completed", rows: 1, bytes: CSV.length, finishedAt: new Date() })
    .where(eq(contactExports.id, id))
    .returning();
  await FILES.put(row?.fileKey ?? "", CSV);
  const read = await SELF.fetch(`${API}/v1/exports/${id}`, { headers });
  const { download } = (await read.json()) as { download: { url: string } | null };
  if (!download) throw new Error("the written export has no download link");
  return download.url;
}

/** What a forged link answers, but for the request id. */
async function refusal(res: Response) {
  const { requestId: _, ...problem } = (await res.json()) as Record<string, unknown>;
  return { status: res.status, problem };
}

const forged = () => SELF.fetch(`${API}/downloads/eyJwdXJwb3NlIjoiZXhwb3J0X2Rvd25sb2FkIn0.${"A".repeat(43)}`);

describe("an export's download link", () => {
  it("ends when the owner closes the account, answering as a forged link does", async () => {
    const tenant = await newSignedInTenant();
    const url = await writtenExport(tenant.headers);
    const before = await SELF.fetch(url);
    expect(before.status).toBe(200);
    expect(await before.text()).toBe(CSV);

    const closed = await SELF.fetch(`${API}/v1/account/close`, {
      method: "POST",
      headers: { ...tenant.session, "content-type": "application/json" },
      body: JSON.stringify({ confirm: true }),
    });
    expect(closed.status).toBe(200);
    const after = await SELF.fetch(url);
    expect(after.status).toBe(403);
    expect(await refusal(after)).toEqual(await refusal(await forged()));
  });

  it("is refused while the operator has the account suspended, and works again after reactivation", async () => {
    const tenant = await newAccountWithKey();
    const url = await writtenExport(tenant.headers);
    const operator = (action: string) =>
      SELF.fetch(`${API}/operator/v1/accounts/${tenant.accountId}/${action}`, {
        method: "POST",
        headers: OPERATOR,
      });
    expect((await operator("suspend")).status).toBe(200);
    const suspended = await SELF.fetch(url);
    expect(suspended.status).toBe(403);
    expect(await refusal(suspended)).toEqual(await refusal(await forged()));

    expect((await operator("reactivate")).status).toBe(200);
    const reactivated = await SELF.fetch(url);
    expect(reactivated.status).toBe(200);
    expect(await reactivated.text()).toBe(CSV);
  });
});
