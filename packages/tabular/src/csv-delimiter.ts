const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** The delimiters a CSV file may use, in the order that breaks a tie: , ; TAB | */
export const CSV_DELIMITERS = [0x2c, 0x3b, 0x09, 0x7c] as const;

/**
 * The delimiter of a CSV file: the one its first non-blank record (from `from` in `head`, the start
 * of the file) has most of outside quotes; "," when it has none of them.
 */
export function detectDelimiter(head: Uint8Array, from: number): number {
  const counts = CSV_DELIMITERS.map(() => 0);
  let at = from;
  while (head[at] === LF || head[at] === CR) at++;
  for (let quoted = false; at < head.length; at++) {
    const byte = head[at];
    if (byte === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (byte === LF || byte === CR) break;
    else {
      const index = CSV_DELIMITERS.indexOf(byte as (typeof CSV_DELIMITERS)[number]);
      if (index !== -1) counts[index] = (counts[index] ?? 0) + 1;
    }
  }
  let best = 0;
  for (let index = 1; index < counts.length; index++) {
    if ((counts[index] ?? 0) > (counts[best] ?? 0)) best = index;
  }
  return CSV_DELIMITERS[best] ?? CSV_DELIMITERS[0];
}
