import { describe, expect, test } from "vitest";
import { csvLine, neutraliseFormula } from "../src/index";
import { rowsOf } from "./rows";

describe("neutraliseFormula", () => {
  test("puts a ' before text a spreadsheet would run as a formula", () => {
    expect(["=1+1", "+41 79 123 45 67", "-2", "@SUM(A1:A2)", "\t=x", "\r=x"].map(neutraliseFormula)).toEqual([
      "'=1+1",
      "'+41 79 123 45 67",
      "'-2",
      "'@SUM(A1:A2)",
      "'\t=x",
      "'\r=x",
    ]);
  });

  test("leaves other text alone", () => {
    expect(["ada@example.com", "a=b", " =1", "", "'quoted", "Zoë"].map(neutraliseFormula)).toEqual([
      "ada@example.com",
      "a=b",
      " =1",
      "",
      "'quoted",
      "Zoë",
    ]);
  });
});

describe("csvLine", () => {
  test("quotes only fields with a comma, a quote or a line break, and ends with CRLF", () => {
    expect(csvLine(["plain", " spaced ", "a,b", 'say "hi"', "two\nlines", "cr\r", ""])).toBe(
      'plain, spaced ,"a,b","say ""hi""","two\nlines","cr\r",\r\n',
    );
  });

  test("neutralises formulas in text but writes numbers and booleans as they are", () => {
    expect(csvLine(["=1+1", "+41", "-2", "@SUM(A1)", "\t=x", -2, 1.5, true, false, null, Number.NaN])).toBe(
      "'=1+1,'+41,'-2,'@SUM(A1),'\t=x,-2,1.5,TRUE,FALSE,,\r\n",
    );
    expect(csvLine(['=HYPERLINK("http://x","y")'])).toBe('"\'=HYPERLINK(""http://x"",""y"")"\r\n');
  });

  test("lines read back as the same cells", async () => {
    const rows = [
      ["email", "note"],
      ["ada@example.com", 'multi\r\nline, "quoted"'],
      ["zoë@example.com", " lead and trail "],
    ];
    const read = await rowsOf("csv", rows.map(csvLine).join(""));
    expect(read.map((row) => row.cells)).toEqual(rows);
  });
});
