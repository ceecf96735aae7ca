import type { DateKind } from "./number-format";

const DAY_SECONDS = 86_400;
/** Serial of 9999-12-31, the last day Excel can show. */
const LAST_SERIAL = 2_958_465;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** Before 1 March 1900 the 1900 system counts from a day later: Excel keeps Lotus's 29 February 1900. */
const EPOCH_1900_EARLY = Date.UTC(1899, 11, 31);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/**
 * An Excel serial number (days since the workbook's epoch, the fraction being the time of day) as ISO
 * text, rounded to the second. A date: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` when it has a time; a
 * time, or a date-time format's value before the 1900 system's first day: `HH:MM:SS`. Undefined for
 * serials no date format can show (negative, after 9999).
 */
export function serialToIso(serial: number, date1904: boolean, kind: DateKind): string | undefined {
  if (!(serial >= 0 && serial < LAST_SERIAL + 1)) return undefined;
  const seconds = Math.round(serial * DAY_SECONDS);
  const days = Math.floor(seconds / DAY_SECONDS);
  const epoch = date1904 ? EPOCH_1904 : days < 61 ? EPOCH_1900_EARLY : EPOCH_1900;
  const iso = new Date(epoch + seconds * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const time = iso.slice(11, 19);
  if (kind === "time" || (days === 0 && !date1904)) return time;
  return time === "00:00:00" ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** A `t="d"` cell's ISO 8601 value, cut to the date when its time is midnight. */
export function isoFromDateCell(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}:\d{2}))?/.exec(value);
  if (!match) return value;
  const [, date, time] = match;
  return time && time !== "00:00:00" ? `${date}T${time}` : (date ?? value);
}
