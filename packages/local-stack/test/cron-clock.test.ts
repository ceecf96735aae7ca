import { afterEach, describe, expect, it, vi } from "vitest";
import { startCronClock } from "../src/cron-clock";

afterEach(() => vi.useRealTimers());

describe("startCronClock", () => {
  it("fires each cron at the minutes it matches, until stopped", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-30T02:58:30Z") });
    const fired: string[] = [];
    const stop = startCronClock(["0 3 * * *", "*/2 * * * *"], async (cron) => {
      fired.push(`${new Date().toISOString().slice(11, 16)} ${cron}`);
    });
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(fired).toEqual(["03:00 0 3 * * *", "03:00 */2 * * * *"]);
    stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(fired).toHaveLength(2);
  });
});
