import { describe, expect, it } from "vitest";
import { base64Lines, foldBase64 } from "../../src/email/base64-lines";

/** Node's base64, folded the way RFC 2045 wants it: the independent reference. */
const reference = (bytes: Uint8Array): string =>
  (
    Buffer.from(bytes)
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join("\r\n");

/** Bytes that do not repeat in any short pattern. */
function noise(length: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

describe("base64Lines", () => {
  it("matches Node's base64 folded at 76 characters, for every length around a line and a triple", () => {
    const bytes = noise(400);
    for (let length = 0; length <= bytes.length; length++) {
      const encoded = base64Lines(bytes.subarray(0, length));
      expect(encoded).toBe(reference(bytes.subarray(0, length)));
    }
  });

  it("writes full lines of 76 characters, CRLF between them and none at the end", () => {
    const encoded = base64Lines(noise(57 * 3)); // exactly three lines
    expect(encoded.split("\r\n").map((line) => line.length)).toEqual([76, 76, 76]);
    expect(encoded.endsWith("\r\n")).toBe(false);
    expect(base64Lines(new Uint8Array(0))).toBe("");
  });

  it("encodes every byte value, and large inputs past its reused buffer, without mixing outputs", () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(Buffer.from(base64Lines(all).replaceAll("\r\n", ""), "base64")).toEqual(Buffer.from(all));
    for (const size of [300 * 1024 + 1, 5, 190 * 1024 + 2, 1, 2 * 1024 * 1024]) {
      const bytes = noise(size, size);
      const encoded = base64Lines(bytes);
      expect(encoded).toBe(reference(bytes));
    }
  });
});

describe("foldBase64", () => {
  it("folds unbroken base64 into 76-character lines, leaving short input as it is", () => {
    for (const length of [0, 1, 2, 3, 56, 57, 58, 114, 1000, 4095]) {
      const bytes = noise(length);
      const line = Buffer.from(bytes).toString("base64");
      expect(foldBase64(line)).toBe(reference(bytes));
    }
  });
});
