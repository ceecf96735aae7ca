import { sha256Hex } from "../auth/sha256-hex";
import { BASE62, randomBase62 } from "../secrets/random-base62";

const SECRET_LENGTH = 34;
const CHECKSUM_LENGTH = 6;

export type KeyEnvironment = "live" | "test";

/** `ep_live_` or `ep_test_`, 34 random base62 characters (≈202 bits), and a 6-character CRC-32 checksum. */
const KEY_SHAPE = /^ep_(live|test)_[0-9A-Za-z]{40}$/;

function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function checksum(secret: string): string {
  let n = crc32(secret);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62.charAt(n % 62) + out;
    n = Math.floor(n / 62);
  }
  return out;
}

export function generateKey(environment: KeyEnvironment): string {
  const secret = randomBase62(SECRET_LENGTH);
  return `ep_${environment}_${secret}${checksum(secret)}`;
}

/**
 * Whether a string is shaped like an Edgepost key and its checksum matches: what secret scanners
 * use to recognise a leaked key, and a way to refuse typos without touching the database.
 */
export function looksLikeKey(key: string): boolean {
  if (!KEY_SHAPE.test(key)) return false;
  const body = key.slice(8);
  return checksum(body.slice(0, SECRET_LENGTH)) === body.slice(SECRET_LENGTH);
}

/** Keys carry enough entropy that a fast hash is safe; only this hash is stored. */
export const hashKey = sha256Hex;
