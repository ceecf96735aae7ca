/**
 * The request bodies clients send all day (executes and batches of plain values), checked by hand:
 * the zod schemas in `protocol.ts` cost as much as `JSON.parse` on a batch of many values. A body
 * this check accepts is exactly one the schemas accept, used as parsed; anything else (an error, a
 * rarer request) goes to the schemas, which also word the errors.
 */
import type { BatchCond, CursorReqBody, PipelineReqBody, ProtoBatch } from "./protocol";
import { isValidBase64, MAX_INT64, MIN_INT64 } from "./values";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isNullish = (value: unknown) => value === null || value === undefined;
const isInt = (value: unknown, min: number, max: number) =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
const isInt32 = (value: unknown) => isInt(value, -(2 ** 31), 2 ** 31 - 1);
const INTEGER_TEXT = /^-?\d{1,20}$/;

function isValue(value: unknown): boolean {
  if (!isObject(value)) return false;
  switch (value.type) {
    case "null":
      return true;
    case "text":
      return typeof value.value === "string";
    case "float":
      return typeof value.value === "number" && !Number.isNaN(value.value);
    case "integer": {
      const text = value.value;
      if (typeof text !== "string" || !INTEGER_TEXT.test(text)) return false;
      const number = BigInt(text);
      return number >= MIN_INT64 && number <= MAX_INT64;
    }
    case "blob":
      return typeof value.base64 === "string" && isValidBase64(value.base64);
    default:
      return false;
  }
}

function isStmt(stmt: unknown): boolean {
  if (!isObject(stmt)) return false;
  if (!isNullish(stmt.sql) && typeof stmt.sql !== "string") return false;
  if (!isNullish(stmt.sql_id) && !isInt32(stmt.sql_id)) return false;
  if (!isNullish(stmt.want_rows) && typeof stmt.want_rows !== "boolean") return false;
  if (!isNullish(stmt.args) && !(Array.isArray(stmt.args) && stmt.args.every(isValue))) return false;
  const named = stmt.named_args;
  return (
    isNullish(named) ||
    (Array.isArray(named) &&
      named.every((arg) => isObject(arg) && typeof arg.name === "string" && isValue(arg.value)))
  );
}

/** Conditions nested deeper than this are left to the schemas (and the batch validation). */
const MAX_DEPTH = 100;

function isCond(cond: unknown, depth: number): cond is BatchCond {
  if (!isObject(cond) || depth > MAX_DEPTH) return false;
  switch (cond.type) {
    case "ok":
    case "error":
      return isInt(cond.step, 0, 2 ** 32 - 1);
    case "not":
      return isCond(cond.cond, depth + 1);
    case "and":
    case "or":
      return Array.isArray(cond.conds) && cond.conds.every((inner) => isCond(inner, depth + 1));
    case "is_autocommit":
      return true;
    default:
      return false;
  }
}

function isBatch(batch: unknown): batch is ProtoBatch {
  return (
    isObject(batch) &&
    Array.isArray(batch.steps) &&
    batch.steps.every(
      (step) =>
        isObject(step) && (isNullish(step.condition) || isCond(step.condition, 0)) && isStmt(step.stmt),
    )
  );
}

function isRequest(request: unknown): boolean {
  if (!isObject(request)) return false;
  switch (request.type) {
    case "close":
    case "get_autocommit":
      return true;
    case "execute":
      return isStmt(request.stmt);
    case "batch":
      return isBatch(request.batch);
    default:
      return false;
  }
}

const isBaton = (baton: unknown) => isNullish(baton) || typeof baton === "string";

/** The body as a pipeline request if it is a common, valid one; undefined otherwise. */
export function checkedPipeline(json: unknown): PipelineReqBody | undefined {
  if (!isObject(json) || !isBaton(json.baton)) return undefined;
  if (!Array.isArray(json.requests) || !json.requests.every(isRequest)) return undefined;
  return json as PipelineReqBody;
}

/** The body as a cursor request if it is a valid one; undefined otherwise. */
export function checkedCursor(json: unknown): CursorReqBody | undefined {
  if (!isObject(json) || !isBaton(json.baton) || !isBatch(json.batch)) return undefined;
  return json as CursorReqBody;
}
