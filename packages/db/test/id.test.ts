import { describe, expect, it } from "vitest";
import { idSchema, newId } from "../src/id";

describe("newId", () => {
  it("is prefixed and 26 Crockford base32 characters long", () => {
    expect(newId("acc")).toMatch(/^acc_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it("sorts by creation time", () => {
    const ids = [1_000, 2_000, 1_700_000_000_000, 1_700_000_000_001, 4_102_444_800_000].map((t) =>
      newId("acc", t),
    );
    expect([...ids].sort()).toEqual(ids);
  });

  it("does not repeat within the same millisecond", () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 10_000 }, () => newId("acc", now)));
    expect(ids.size).toBe(10_000);
  });
});

describe("idSchema", () => {
  it("accepts the ids newId makes, of its prefix only", () => {
    expect(idSchema("lst").safeParse(newId("lst")).success).toBe(true);
    expect(idSchema("smtp").safeParse(newId("smtp")).success).toBe(true);
    expect(idSchema("lst").safeParse(newId("con")).success).toBe(false);
  });

  it("rejects a short, long, upper-case or padded id", () => {
    const id = newId("con");
    for (const bad of [id.slice(0, -1), `${id}0`, id.toUpperCase(), ` ${id}`, `x${id}`, "con_"]) {
      expect(idSchema("con").safeParse(bad).success, bad).toBe(false);
    }
  });

  it("names the kind of id it wanted, or says what it is told to", () => {
    expect(idSchema("con").safeParse("con_1").error?.issues[0]?.message).toBe("a contact id (con_…)");
    expect(idSchema("smtp").safeParse("x").error?.issues[0]?.message).toBe("an SMTP credential id (smtp_…)");
    expect(idSchema("aud", "a cursor from a previous page").safeParse("x").error?.issues[0]?.message).toBe(
      "a cursor from a previous page",
    );
  });
});
