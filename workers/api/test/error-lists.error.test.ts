import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newAccountWithKey } from "./seed";

const API = "https://api.test";
const consent = { origin: "signup_form", description: "The newsletter box on shop.example" };

interface Problem {
  code: string;
  detail: string;
  errors: { path: string; message: string }[];
  totalErrors: number;
}

/** The problem a response answers with, and how many bytes it took. */
async function problemOf(res: Response): Promise<{ status: number; bytes: number; problem: Problem }> {
  const text = await res.text();
  return { status: res.status, bytes: text.length, problem: JSON.parse(text) as Problem };
}

/** An import awaiting its file, uploaded with this header row (and one row under it). */
async function uploadHeader(header: string) {
  const { headers } = await newAccountWithKey();
  const created = await SELF.fetch(`${API}/v1/imports`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ format: "csv", consent }),
  });
  const { id } = (await created.json()) as { id: string };
  return SELF.fetch(`${API}/v1/imports/${id}/file`, {
    method: "PUT",
    headers: { ...headers, "content-type": "text/csv" },
    body: `${header}\nann@example.com\n`,
  });
}

describe("the errors a problem lists", () => {
  it("name a header column repeated 200,000 times once, in a small answer", async () => {
    // 800 kB: a CSV record may be up to 1 MiB.
    const res = await uploadHeader(Array.from({ length: 200_000 }, () => "tel").join(","));
    const { status, bytes, problem } = await problemOf(res);
    expect(status).toBe(400);
    expect(problem).toMatchObject({
      code: "invalid_input",
      errors: [{ path: "file", message: 'has 200000 columns named "tel"' }],
      totalErrors: 1,
    });
    expect(bytes).toBeLessThan(1_000);
  });

  it("are the first 100 of a header's many repeated names, with their total", async () => {
    const names = Array.from({ length: 1_000 }, (_, i) => `c${i}`);
    const header = ["email", ...Array.from({ length: 100 }, () => names).flat()].join(",");
    const { status, bytes, problem } = await problemOf(await uploadHeader(header));
    expect(status).toBe(400);
    expect(problem.errors).toHaveLength(100);
    expect(problem.errors[0]).toEqual({ path: "file", message: 'has 100 columns named "c0"' });
    expect(problem.totalErrors).toBe(1_000);
    expect(problem.detail).toBe("1000 problems were found; errors lists the first 100.");
    expect(bytes).toBeLessThan(10_000);
  });

  it("name a file's columns only so far, however many it has", async () => {
    const { headers } = await newAccountWithKey();
    const created = await SELF.fetch(`${API}/v1/imports`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ format: "csv", columns: { Mail: "email" }, consent }),
    });
    const { id } = (await created.json()) as { id: string };
    const names = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    const res = await SELF.fetch(`${API}/v1/imports/${id}/file`, {
      method: "PUT",
      headers: { ...headers, "content-type": "text/csv" },
      body: `${names.join(",")}\nann@example.com\n`,
    });
    const { status, bytes, problem } = await problemOf(res);
    expect(status).toBe(400);
    expect(problem.errors).toEqual([
      {
        path: "columns.Mail",
        message: `is not a column of the file (its columns: ${names.slice(0, 20).join(", ")}, … (100000 in all))`,
      },
    ]);
    expect(bytes).toBeLessThan(1_000);
  });

  it("are the first 100 of a request body's zod issues, unknown keys counted one by one", async () => {
    const { headers } = await newAccountWithKey();
    const unknown = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i]));
    const res = await SELF.fetch(`${API}/v1/exports`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ format: "csv", ...unknown }),
    });
    const { status, bytes, problem } = await problemOf(res);
    expect(status).toBe(400);
    expect(problem.code).toBe("invalid_input");
    expect(problem.errors).toHaveLength(100);
    expect(problem.errors[0]).toEqual({ path: "k0", message: "is not a known field" });
    expect(problem.totalErrors).toBe(5_000);
    expect(bytes).toBeLessThan(10_000);

    const columns = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`c${i}`, "nowhere"]));
    const mapped = await SELF.fetch(`${API}/v1/imports`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ format: "csv", columns, consent }),
    });
    const refused = await problemOf(mapped);
    expect(refused.status).toBe(400);
    expect(refused.problem.errors).toHaveLength(100);
    expect(refused.problem.errors[0]?.path).toBe("columns.c0");
    expect(refused.problem.totalErrors).toBe(150);
  });

  it("are listed whole, with their total, when there are few", async () => {
    const { headers } = await newAccountWithKey();
    const res = await SELF.fetch(`${API}/v1/exports`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ format: "pdf", extra: 1 }),
    });
    const { problem } = await problemOf(res);
    expect(problem.errors.map((e) => e.path).sort()).toEqual(["extra", "format"]);
    expect(problem.totalErrors).toBe(2);
  });
});
