/**
 * Base64 as a MIME body carries it (RFC 2045 6.8): lines of 76 characters joined by CRLF, no
 * line break after the last one. Encoding and folding happen in one pass over the bytes, into a
 * byte buffer read back as one string: no per-character string building, no regex over the result.
 */

const LINE = 76;
const ALPHABET = new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
const CR = 13;
const LF = 10;
const PAD = 61; // "="
/** Output that fits is written here and copied out as a string; larger output gets a buffer of its own. */
const SCRATCH_LIMIT = 256 * 1024;
let scratch = new Uint8Array(16 * 1024);
const ascii = new TextDecoder();

/** The alphabet's character for the low six bits of `sextet`. */
const digit = (sextet: number): number => ALPHABET[sextet & 63] as number;

/** The folded base64 of `bytes`. */
export function base64Lines(bytes: Uint8Array): string {
  const length = bytes.length;
  const chars = Math.ceil(length / 3) * 4;
  const size = chars + Math.max(0, Math.ceil(chars / LINE) - 1) * 2;
  if (size > scratch.length && size <= SCRATCH_LIMIT) scratch = new Uint8Array(SCRATCH_LIMIT);
  const out = size <= scratch.length ? scratch : new Uint8Array(size);
  const whole = length - (length % 3);
  let at = 0;
  let column = 0;
  for (let i = 0; i < whole; i += 3) {
    if (column === LINE) {
      out[at++] = CR;
      out[at++] = LF;
      column = 0;
    }
    // in range: i + 2 < whole <= length
    const triple = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[at] = digit(triple >>> 18);
    out[at + 1] = digit(triple >>> 12);
    out[at + 2] = digit(triple >>> 6);
    out[at + 3] = digit(triple);
    at += 4;
    column += 4;
  }
  if (whole < length) {
    if (column === LINE) {
      out[at++] = CR;
      out[at++] = LF;
    }
    const second = whole + 1 < length;
    const triple = ((bytes[whole] as number) << 16) | (second ? (bytes[whole + 1] as number) << 8 : 0);
    out[at] = digit(triple >>> 18);
    out[at + 1] = digit(triple >>> 12);
    out[at + 2] = second ? digit(triple >>> 6) : PAD;
    out[at + 3] = PAD;
    at += 4;
  }
  return ascii.decode(out.subarray(0, at));
}

/** Base64 that is already encoded (one unbroken line), folded into lines of 76 characters. */
export function foldBase64(base64: string): string {
  if (base64.length <= LINE) return base64;
  const lines: string[] = [];
  for (let start = 0; start < base64.length; start += LINE) lines.push(base64.slice(start, start + LINE));
  return lines.join("\r\n");
}
