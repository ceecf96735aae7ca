import { newId } from "@edgepost/db";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { keysetPage, pageInput } from "../src/pagination/keyset";

describe("pageInput", () => {
  const query = z.object(pageInput("tpl", { max: 100, byDefault: 20 }));

  it("pages by the default size until told otherwise, up to the maximum", () => {
    expect(query.parse({})).toEqual({ limit: 20 });
    expect(query.parse({ limit: "100" }).limit).toBe(100);
    expect(query.safeParse({ limit: "101" }).success).toBe(false);
    expect(query.safeParse({ limit: "0" }).success).toBe(false);
  });

  it("takes an id of the listed kind as the cursor, and nothing else", () => {
    const cursor = newId("tpl");
    expect(query.parse({ cursor }).cursor).toBe(cursor);
    const wrongKind = query.safeParse({ cursor: newId("seg") });
    expect(wrongKind.error?.issues[0]?.message).toBe("a cursor from a previous page");
  });

  it("reports a bad cursor as a bad id where a verb always did", () => {
    const byId = z.object(pageInput("tpl", { max: 100, byDefault: 20, reportAs: "id" }));
    expect(byId.safeParse({ cursor: "tpl_1" }).error?.issues[0]?.message).toBe("a template id (tpl_…)");
  });

  it("describes the cursor only where asked", () => {
    expect(pageInput("lst", { max: 200, byDefault: 50, described: true }).cursor.description).toBe(
      "a cursor from a previous page",
    );
    expect(pageInput("lst", { max: 200, byDefault: 50 }).cursor.description).toBeUndefined();
  });
});

describe("keysetPage", () => {
  const rows = ["c", "b", "a"].map((id) => ({ id, name: id.toUpperCase() }));

  it("keeps `limit` rows and points past the last one when another row came", () => {
    expect(keysetPage(rows, 2)).toEqual({ items: rows.slice(0, 2), nextCursor: "b" });
  });

  it("has no next cursor on the last page", () => {
    expect(keysetPage(rows, 3)).toEqual({ items: rows, nextCursor: null });
    expect(keysetPage([], 3)).toEqual({ items: [], nextCursor: null });
  });
});
