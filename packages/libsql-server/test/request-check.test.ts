import { describe, expect, it } from "vitest";
import { cursorReqSchema, pipelineReqSchema } from "../src/protocol";
import { checkedCursor, checkedPipeline } from "../src/request-check";

const values = [
  { type: "null" },
  { type: "integer", value: "-9223372036854775808" },
  { type: "integer", value: "9223372036854775807" },
  { type: "float", value: 1.5 },
  { type: "text", value: "héllo" },
  { type: "blob", base64: "AAEC" },
];
const stmt = { sql: "SELECT ?, ?, ?, ?, ?, ?", args: values, want_rows: true };
const batch = {
  steps: [
    { stmt: { sql: "BEGIN" } },
    {
      condition: { type: "ok", step: 0 },
      stmt: { sql_id: 3, named_args: [{ name: ":a", value: values[4] }] },
    },
    {
      condition: {
        type: "and",
        conds: [
          { type: "ok", step: 1 },
          { type: "not", cond: { type: "is_autocommit" } },
        ],
      },
      stmt: { sql: "COMMIT" },
    },
    { condition: { type: "or", conds: [{ type: "error", step: 2 }] }, stmt: { sql: "ROLLBACK", args: null } },
  ],
};
const valid = [
  { requests: [] },
  { baton: null, requests: [{ type: "execute", stmt }, { type: "close" }] },
  { baton: "b1", requests: [{ type: "batch", batch }, { type: "get_autocommit" }] },
];
const invalidValues = [
  { type: "integer", value: "9223372036854775808" },
  { type: "integer", value: "1.5" },
  { type: "integer", value: 7 },
  { type: "float", value: "1.5" },
  { type: "text", value: 7 },
  { type: "blob", base64: "A" },
  { type: "blob", base64: "not base64!" },
  { type: "date", value: "2026-12-07" },
  null,
];
const invalid = [
  null,
  [],
  { requests: {} },
  { baton: 7, requests: [] },
  { requests: [{ type: "execute" }] },
  { requests: [{ type: "execute", stmt: { sql: 7 } }] },
  { requests: [{ type: "execute", stmt: { sql: "SELECT 1", sql_id: 2 ** 31 } }] },
  { requests: [{ type: "execute", stmt: { sql: "SELECT 1", want_rows: "yes" } }] },
  { requests: [{ type: "execute", stmt: { sql: "SELECT 1", named_args: [{ value: values[0] }] } }] },
  { requests: [{ type: "batch", batch: { steps: [{ condition: { type: "ok", step: -1 }, stmt }] } }] },
  { requests: [{ type: "batch", batch: { steps: [{ condition: { type: "maybe" }, stmt }] } }] },
  { requests: [{ type: "unknown" }] },
  ...invalidValues.map((value) => ({
    requests: [{ type: "execute", stmt: { sql: "SELECT ?", args: [value] } }],
  })),
];

describe("the hand check of common request bodies", () => {
  it("accepts what the protocol's schemas accept, as they would read it", () => {
    for (const body of valid) {
      expect(checkedPipeline(body)).toEqual(pipelineReqSchema.parse(body));
    }
    expect(checkedCursor({ baton: null, batch })).toEqual(cursorReqSchema.parse({ baton: null, batch }));
  });

  it("accepts nothing the schemas refuse, so their errors still answer every bad body", () => {
    for (const body of invalid) {
      expect(checkedPipeline(body), JSON.stringify(body)).toBeUndefined();
      expect(pipelineReqSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
    expect(checkedCursor({ batch: { steps: [{ stmt: { sql: 1 } }] } })).toBeUndefined();
  });

  it("an integer that is not a decimal text is refused by the schemas with what is wrong", () => {
    const body = {
      requests: [{ type: "execute", stmt: { sql: "SELECT ?", args: [{ type: "integer", value: "1.5" }] } }],
    };
    const parsed = pipelineReqSchema.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("integer values must be decimal strings");
  });

  it("leaves the rarer requests to the schemas", () => {
    const rare = {
      requests: [
        { type: "store_sql", sql_id: 1, sql: "SELECT 1" },
        { type: "sequence", sql: "SELECT 1" },
      ],
    };
    expect(checkedPipeline(rare)).toBeUndefined();
    expect(pipelineReqSchema.safeParse(rare).success).toBe(true);
  });
});
