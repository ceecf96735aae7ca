import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "../src/logging/log";

const consoles = () => ({
  log: vi.spyOn(console, "log").mockImplementation(() => {}),
  warn: vi.spyOn(console, "warn").mockImplementation(() => {}),
  error: vi.spyOn(console, "error").mockImplementation(() => {}),
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("log", () => {
  it("writes one JSON line: level, msg, then the fields as given", () => {
    const out = consoles();
    log("info", "email queued", { messageId: "msg_01", recipients: ["a@example.com"], sent: null });
    expect(out.log).toHaveBeenCalledTimes(1);
    const [line] = out.log.mock.calls[0] ?? [];
    expect(line).toBe(
      '{"level":"info","msg":"email queued","messageId":"msg_01","recipients":["a@example.com"],"sent":null}',
    );
    expect(line).not.toContain("\n");
  });

  it("writes level and msg alone when there are no fields", () => {
    const out = consoles();
    log("warn", "pipeline check gone");
    expect(out.warn.mock.calls).toEqual([['{"level":"warn","msg":"pipeline check gone"}']]);
  });

  it("sends errors to console.error, warnings to console.warn and the rest to console.log", () => {
    const out = consoles();
    log("error", "transfer failed", { error: "Error: boom" });
    log("warn", "email not sent", { outcome: "retry" });
    log("info", "started");
    expect(out.error.mock.calls.map(([line]) => JSON.parse(String(line)).level)).toEqual(["error"]);
    expect(out.warn.mock.calls.map(([line]) => JSON.parse(String(line)).level)).toEqual(["warn"]);
    expect(out.log.mock.calls.map(([line]) => JSON.parse(String(line)).level)).toEqual(["info"]);
  });
});
