import { describe, expect, it } from "vitest";
import { cronMatcher } from "../src/cron-expression";

const at = (iso: string) => new Date(`${iso}Z`);

describe("cronMatcher", () => {
  it("matches a daily time in UTC only", () => {
    const daily = cronMatcher("0 3 * * *");
    expect(daily(at("2026-11-30T03:00:00"))).toBe(true);
    expect(daily(at("2026-11-30T03:01:00"))).toBe(false);
    expect(daily(at("2026-11-30T04:00:00"))).toBe(false);
  });

  it("understands steps, ranges, lists and names", () => {
    const every15 = cronMatcher("*/15 * * * *");
    expect([0, 15, 30, 45].every((m) => every15(at(`2026-11-30T10:${String(m).padStart(2, "0")}:00`)))).toBe(
      true,
    );
    expect(every15(at("2026-11-30T10:20:00"))).toBe(false);
    const weekdays = cronMatcher("30 8-17/3 * * mon-fri");
    expect(weekdays(at("2026-11-30T11:30:00"))).toBe(true); // a Monday, 11 = 8 + 3
    expect(weekdays(at("2026-11-30T12:30:00"))).toBe(false);
    expect(weekdays(at("2026-11-29T11:30:00"))).toBe(false); // a Sunday
    expect(cronMatcher("0 0 1,15 jan,jul *")(at("2026-07-15T00:00:00"))).toBe(true);
  });

  it("treats 7 as Sunday and ORs restricted day fields like cron does", () => {
    expect(cronMatcher("0 0 * * 7")(at("2026-11-29T00:00:00"))).toBe(true);
    const either = cronMatcher("0 0 1 * 1");
    expect(either(at("2026-11-30T00:00:00"))).toBe(true); // Monday, not the 1st
    expect(either(at("2026-12-01T00:00:00"))).toBe(true); // the 1st, a Tuesday
    expect(either(at("2026-12-02T00:00:00"))).toBe(false);
  });

  it("ANDs the day fields when one of them is a stepped wildcard", () => {
    const everyOtherMonday = cronMatcher("0 0 */2 * 1");
    expect(everyOtherMonday(at("2026-11-30T00:00:00"))).toBe(false); // Monday the 30th: even day
    expect(everyOtherMonday(at("2026-11-23T00:00:00"))).toBe(true); // Monday the 23rd
    expect(everyOtherMonday(at("2026-11-25T00:00:00"))).toBe(false); // Wednesday the 25th
  });

  it("rejects expressions that would never be what was meant", () => {
    for (const bad of [
      "0 3 * *",
      "60 * * * *",
      "* 24 * * *",
      "*/0 * * * *",
      "0 0 32 * *",
      "x * * * *",
      "0 0 * mon *",
      "0 0 * * jan",
      "0 0 1.5 * *",
    ]) {
      expect(() => cronMatcher(bad), bad).toThrow();
    }
  });
});
