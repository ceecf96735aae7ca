import { randomBytes } from "node:crypto";
import type { ProtoValue } from "./protocol";

/** What the engine binds and returns (integers are always bigint: the engine runs in safe-integer mode). */
export type SqlValue = null | bigint | number | string | Uint8Array;

export const MIN_INT64 = -(2n ** 63n);
export const MAX_INT64 = 2n ** 63n - 1n;

/** Hrana value → engine value. The protocol schema has already validated ranges and base64. */
export function decodeValue(value: ProtoValue): SqlValue {
  switch (value.type) {
    case "null":
      return null;
    case "integer":
      return BigInt(value.value);
    case "float":
      return value.value;
    case "text":
      return value.value;
    case "blob":
      return Buffer.from(value.base64, "base64");
  }
}

/**
 * JSON has no literal for ±Infinity (SQLite can store it in a REAL). Such floats are written as the
 * number literals `1e999` / `-1e999`, which JavaScript's `JSON.parse` reads back as ±Infinity, by way of
 * a per-process random placeholder substituted after serialisation.
 */
const PLACEHOLDER = `__libsql_server_inf_${randomBytes(12).toString("hex")}`;
const POS_INF = `${PLACEHOLDER}+`;
const NEG_INF = `${PLACEHOLDER}-`;

interface EncodedFloat {
  type: "float";
  value: number | string;
}

export type OutValue =
  | { type: "null" }
  | { type: "integer"; value: string }
  | EncodedFloat
  | { type: "text"; value: string }
  | { type: "blob"; base64: string };

/** Engine value → Hrana value. */
export function encodeValue(value: unknown): OutValue {
  if (value === null || value === undefined) return { type: "null" };
  if (typeof value === "bigint") return { type: "integer", value: value.toString() };
  if (typeof value === "number") {
    if (Number.isFinite(value)) return { type: "float", value };
    if (Number.isNaN(value)) return { type: "null" };
    return { type: "float", value: value > 0 ? POS_INF : NEG_INF };
  }
  if (typeof value === "string") return { type: "text", value };
  if (value instanceof Uint8Array) {
    return {
      type: "blob",
      base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64"),
    };
  }
  return { type: "text", value: String(value) };
}

/** `JSON.stringify` that writes non-finite floats produced by {@link encodeValue} as number literals. */
export function stringifyJson(body: unknown): string {
  const text = JSON.stringify(body);
  if (!text.includes(PLACEHOLDER)) return text;
  return text.replaceAll(`"${POS_INF}"`, "1e999").replaceAll(`"${NEG_INF}"`, "-1e999");
}

/** Standard base64 alphabet, padding optional (`=` only at the end, at most two). */
export function isValidBase64(text: string): boolean {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return false;
  const unpadded = text.replace(/=+$/, "");
  if (unpadded.length % 4 === 1) return false;
  return text.length === unpadded.length || text.length % 4 === 0;
}
