import type { DeliveryMessage } from "@edgepost/contracts";
import { describe, expect, it } from "vitest";
import { enqueue } from "../src/delivery/enqueue";

const email = (i: number): DeliveryMessage => ({
  kind: "email",
  accountId: "acc_00000000000000000000000000",
  messageId: `msg_${String(i).padStart(26, "0")}`,
});

describe("enqueue", () => {
  it("puts messages on the queue in batches of at most 100, as Cloudflare Queues takes them", async () => {
    const batches: number[] = [];
    const queue = { sendBatch: async (batch: Iterable<unknown>) => void batches.push([...batch].length) };
    expect(
      await enqueue(
        queue,
        Array.from({ length: 250 }, (_, i) => email(i)),
      ),
    ).toBe(0);
    expect(batches).toEqual([100, 100, 50]);
    expect(await enqueue(queue, email(1))).toBe(0);
    expect(batches.at(-1)).toBe(1);
  });

  it("leaves what the queue refuses for the outbox sweep and says how much that was", async () => {
    let calls = 0;
    const flaky = {
      sendBatch: async () => {
        calls += 1;
        if (calls === 2) throw new Error("queue unavailable");
      },
    };
    expect(
      await enqueue(
        flaky,
        Array.from({ length: 230 }, (_, i) => email(i)),
      ),
    ).toBe(100);
    expect(calls).toBe(3);
  });
});
