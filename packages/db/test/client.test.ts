import { describe, expect, it } from "vitest";
import { createDb } from "../src/client";

describe("createDb", () => {
  it("makes one client per URL and token in an isolate, not one per request", () => {
    const url = "http://127.0.0.1:9/db";
    expect(createDb({ url, authToken: "a" })).toBe(createDb({ url, authToken: "a" }));
    expect(createDb({ url, authToken: "b" })).not.toBe(createDb({ url, authToken: "a" }));
    expect(createDb({ url: "http://127.0.0.1:9/other", authToken: "a" })).not.toBe(
      createDb({ url, authToken: "a" }),
    );
  });

  it("lets every call of a shared client start at once, so none waits on another request's", () => {
    const db = createDb({ url: "http://127.0.0.1:9/limits", authToken: "a" });
    // @libsql/client queues calls beyond its `concurrency` (20 by default) behind earlier ones.
    expect((db.$client as unknown as { limit: unknown }).limit).toBeTypeOf("function");
    const pending = Array.from({ length: 50 }, () => {
      let started = false;
      const call = (db.$client as unknown as { limit<T>(fn: () => Promise<T>): Promise<T> }).limit(() => {
        started = true;
        return new Promise<void>(() => {});
      });
      void call;
      return () => started;
    });
    expect(pending.every((started) => started())).toBe(true);
  });
});
