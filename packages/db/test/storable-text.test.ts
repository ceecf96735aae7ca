import { describe, expect, it } from "vitest";
import { unstorableText } from "../src/storable-text";

describe("unstorableText", () => {
  it("names U+0000 and half a surrogate pair, wherever they are", () => {
    expect(unstorableText("a\u0000b")).toBe("contains U+0000 (NUL), which cannot be stored");
    expect(unstorableText("\u0000")).toBe("contains U+0000 (NUL), which cannot be stored");
    for (const [text, code] of [
      ["a\uD800", "U+D800"],
      ["\uDBFFb", "U+DBFF"],
      ["a\uDC00b", "U+DC00"],
      ["😀\uDFFF", "U+DFFF"],
      // A low half before its high half is no pair.
      ["\uDE00\uD83D", "U+DE00"],
    ]) {
      expect(unstorableText(text ?? "")).toBe(
        `contains ${code}, half of a surrogate pair without its other half, which cannot be stored`,
      );
    }
  });

  it("keeps every other character: controls, noncharacters, pairs, marks", () => {
    for (const text of [
      "",
      "plain",
      "\u0001\b\t\n\r\u001B\u001F\u007F\u0085",
      "\uFEFF\uFFFE\uFFFF\u{10FFFF}",
      "😀 👩🏽‍💻 𝔘",
      "\u200F\u202Eשלום\u202C أوافق",
      "e\u0301",
    ]) {
      expect(unstorableText(text)).toBeUndefined();
    }
  });
});
