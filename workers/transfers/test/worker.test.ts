import { SELF } from "cloudflare:test";
import type { TransferMessage } from "@edgepost/contracts";
import { describe, expect, it } from "vitest";
import { consume } from "./harness";

describe("transfers worker", () => {
  it("answers only /healthz over HTTP", async () => {
    expect(await (await SELF.fetch("https://transfers.test/healthz")).json()).toEqual({
      status: "ok",
      database: "ok",
    });
    expect((await SELF.fetch("https://transfers.test/")).status).toBe(404);
  });

  it("acknowledges a message that is not a transfer instead of retrying it forever", async () => {
    const result = await consume({ kind: "email", messageId: "msg_x" } as unknown as TransferMessage);
    expect(result.explicitAcks).toHaveLength(1);
    expect(result.retryMessages).toEqual([]);
  });

  it("acknowledges an import or export that no longer exists", async () => {
    const gone = {
      kind: "import",
      accountId: "acc_00000000000000000000000000",
      importId: "imp_00000000000000000000000000",
    };
    expect((await consume(gone as TransferMessage)).explicitAcks).toHaveLength(1);
  });
});
