/** What a number format shows a serial number as: a date (maybe with a time), or a time of day. */
export type DateKind = "date" | "time";

/**
 * Built-in number formats that show dates or times: 14–22 and 45–47 everywhere; 27–36 and 50–58 in
 * East Asian locales, dates but for 32 and 33 (ECMA-376 Part 1, 18.8.30).
 */
export function builtInDateKind(id: number): DateKind | undefined {
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47) || id === 32 || id === 33) return "time";
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return "date";
  return undefined;
}

/**
 * Whether a number format code shows a date or a time. Quoted text, [colours], [$-locale] and
 * [conditions], escaped characters and "General" are left out; then y or d makes a date, h or s a
 * time, and m alone a date (a month, as in "mmm yyyy"). Elapsed times such as `[h]:mm` are durations
 * and stay numbers.
 */
export function dateKind(code: string): DateKind | undefined {
  if (/\[(?:h+|m+|s+)\]/i.test(code)) return undefined;
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\.|[_*].|general/gi, "");
  if (/[yd]/i.test(bare)) return "date";
  if (/[hs]/i.test(bare)) return "time";
  return /m/i.test(bare) ? "date" : undefined;
}
