import { describe, expect, it } from "vitest";
import { newId } from "../src/id";

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
