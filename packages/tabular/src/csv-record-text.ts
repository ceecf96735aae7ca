/**
 * The text of each record in `spans` (triples of start, content end and next start, in order, in
 * `bytes`), or undefined for a record that is not valid UTF-8. The records are decoded in one call,
 * which costs much less than one per record; only when that fails is each decoded on its own, to tell
 * the broken ones from the rest.
 */
export function recordTexts(
  bytes: Uint8Array,
  spans: readonly number[],
  decoder: TextDecoder,
): (string | undefined)[] {
  const count = spans.length / 3;
  const from = spans[0] ?? 0;
  const to = spans[spans.length - 2] ?? from;
  const texts: (string | undefined)[] = new Array(count);
  let text: string;
  try {
    text = decoder.decode(bytes.subarray(from, to));
  } catch {
    for (let record = 0; record < count; record++) {
      try {
        texts[record] = decoder.decode(bytes.subarray(spans[record * 3], spans[record * 3 + 1]));
      } catch {
        texts[record] = undefined;
      }
    }
    return texts;
  }
  if (text.length === to - from) {
    // All ASCII: string positions are byte offsets.
    for (let record = 0; record < count; record++) {
      texts[record] = text.slice((spans[record * 3] ?? 0) - from, (spans[record * 3 + 1] ?? 0) - from);
    }
    return texts;
  }
  // Count UTF-16 units up to each start and content end: one per byte that is not a continuation
  // byte (10xxxxxx), and one more for a 4-byte sequence's lead, which makes a surrogate pair.
  let units = 0;
  let byte = from;
  for (let record = 0; record < count; record++) {
    const start = spans[record * 3] ?? 0;
    const end = spans[record * 3 + 1] ?? 0;
    for (; byte < start; byte++) units += unitsOf(bytes[byte] ?? 0);
    const textStart = units;
    for (; byte < end; byte++) units += unitsOf(bytes[byte] ?? 0);
    texts[record] = text.slice(textStart, units);
  }
  return texts;
}

/** The UTF-16 units a byte of valid UTF-8 starts. */
function unitsOf(byte: number): number {
  return byte < 0x80 ? 1 : byte < 0xc0 ? 0 : byte < 0xf0 ? 1 : 2;
}
