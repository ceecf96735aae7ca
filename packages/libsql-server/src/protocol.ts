/**
 * Hrana over HTTP, JSON encoding (Hrana 2 and 3): request schemas and response shapes.
 * Unknown object fields are ignored, as the spec requires for forward compatibility.
 */
import { z } from "zod";
import type { ProtoError } from "./errors";
import { isValidBase64, MAX_INT64, MIN_INT64 } from "./values";

const int32 = z
  .number()
  .int()
  .min(-(2 ** 31))
  .max(2 ** 31 - 1);
const uint32 = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1);

const integerText = z
  .string()
  .regex(/^-?\d{1,20}$/, "integer values must be decimal strings")
  // zod runs the refinement even after the pattern failed: only a decimal text is read as a number.
  .refine((text) => {
    if (!/^-?\d{1,20}$/.test(text)) return true;
    const value = BigInt(text);
    return value >= MIN_INT64 && value <= MAX_INT64;
  }, "integer value out of the 64-bit range");

/** Any JSON number, including ±Infinity written as an out-of-range literal such as 1e999. */
const floatNumber = z.custom<number>((v) => typeof v === "number" && !Number.isNaN(v), "expected a number");

const valueSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("null") }),
  z.object({ type: z.literal("integer"), value: integerText }),
  z.object({ type: z.literal("float"), value: floatNumber }),
  z.object({ type: z.literal("text"), value: z.string() }),
  z.object({ type: z.literal("blob"), base64: z.string().refine(isValidBase64, "invalid base64") }),
]);
export type ProtoValue = z.infer<typeof valueSchema>;

const stmtSchema = z.object({
  sql: z.string().nullish(),
  sql_id: int32.nullish(),
  args: z.array(valueSchema).nullish(),
  named_args: z.array(z.object({ name: z.string(), value: valueSchema })).nullish(),
  want_rows: z.boolean().nullish(),
});
export type ProtoStmt = z.infer<typeof stmtSchema>;

export type BatchCond =
  | { type: "ok"; step: number }
  | { type: "error"; step: number }
  | { type: "not"; cond: BatchCond }
  | { type: "and"; conds: BatchCond[] }
  | { type: "or"; conds: BatchCond[] }
  | { type: "is_autocommit" };

const batchCondSchema: z.ZodType<BatchCond> = z.lazy(() =>
  z.discriminatedUnion("type", [
    z.object({ type: z.literal("ok"), step: uint32 }),
    z.object({ type: z.literal("error"), step: uint32 }),
    z.object({ type: z.literal("not"), cond: batchCondSchema }),
    z.object({ type: z.literal("and"), conds: z.array(batchCondSchema) }),
    z.object({ type: z.literal("or"), conds: z.array(batchCondSchema) }),
    z.object({ type: z.literal("is_autocommit") }),
  ]),
);

const batchSchema = z.object({
  steps: z.array(z.object({ condition: batchCondSchema.nullish(), stmt: stmtSchema })),
});
export type ProtoBatch = z.infer<typeof batchSchema>;

const sqlRef = { sql: z.string().nullish(), sql_id: int32.nullish() };

const streamRequestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("close") }),
  z.object({ type: z.literal("execute"), stmt: stmtSchema }),
  z.object({ type: z.literal("batch"), batch: batchSchema }),
  z.object({ type: z.literal("sequence"), ...sqlRef }),
  z.object({ type: z.literal("describe"), ...sqlRef }),
  z.object({ type: z.literal("store_sql"), sql_id: int32, sql: z.string() }),
  z.object({ type: z.literal("close_sql"), sql_id: int32 }),
  z.object({ type: z.literal("get_autocommit") }),
]);
export type StreamRequest = z.infer<typeof streamRequestSchema>;

export const pipelineReqSchema = z.object({
  baton: z.string().nullish(),
  requests: z.array(streamRequestSchema),
});
export type PipelineReqBody = z.infer<typeof pipelineReqSchema>;

export const cursorReqSchema = z.object({
  baton: z.string().nullish(),
  batch: batchSchema,
});
export type CursorReqBody = z.infer<typeof cursorReqSchema>;

// ---- responses (produced by this server, so plain types) ----

interface Col {
  name: string | null;
  decltype: string | null;
}

export interface StmtResult {
  cols: Col[];
  rows: unknown[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
  /** Hrana 3 (sqld) extra; clients ignore it if unknown. */
  query_duration_ms: number;
}

export interface BatchResult {
  step_results: (StmtResult | null)[];
  step_errors: (ProtoError | null)[];
}

export interface DescribeResult {
  params: { name: string | null }[];
  cols: { name: string; decltype: string | null }[];
  is_explain: boolean;
  is_readonly: boolean;
}

export type StreamResponse =
  | { type: "close" }
  | { type: "execute"; result: StmtResult }
  | { type: "batch"; result: BatchResult }
  | { type: "sequence" }
  | { type: "describe"; result: DescribeResult }
  | { type: "store_sql" }
  | { type: "close_sql" }
  | { type: "get_autocommit"; is_autocommit: boolean };

export type StreamResult = { type: "ok"; response: StreamResponse } | { type: "error"; error: ProtoError };

export interface PipelineRespBody {
  baton: string | null;
  base_url: string | null;
  results: StreamResult[];
}

/** Turns a zod failure into one readable line for the HTTP 400 body. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "invalid request body";
  const path = issue.path.length > 0 ? issue.path.join(".") : "body";
  return `invalid request body at ${path}: ${issue.message}`;
}
