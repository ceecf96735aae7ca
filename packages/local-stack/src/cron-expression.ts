/** Matches the 5-field cron expressions Cloudflare Cron Triggers accept, in UTC. */
const FIELDS = [
  { min: 0, max: 59 }, // minute
  { min: 0, max: 23 }, // hour
  { min: 1, max: 31 }, // day of month
  { min: 1, max: 12 }, // month
  { min: 0, max: 7 }, // day of week, 0 and 7 are Sunday
] as const;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** Names are allowed only where they mean something: months in field 3, weekdays in field 4. */
function byName(token: string, field: number): number | undefined {
  const name = token.toLowerCase();
  if (field === 3 && MONTHS.includes(name)) return MONTHS.indexOf(name) + 1;
  if (field === 4 && DAYS.includes(name)) return DAYS.indexOf(name);
  return undefined;
}

function value(token: string, field: number): number {
  const n = byName(token, field) ?? (/^\d+$/.test(token) ? Number(token) : Number.NaN);
  const { min, max } = FIELDS[field] ?? FIELDS[0];
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`"${token}" is out of range ${min}-${max}`);
  return n;
}

function expand(part: string, field: number): Set<number> {
  const { min, max } = FIELDS[field] ?? FIELDS[0];
  const out = new Set<number>();
  for (const item of part.split(",")) {
    const [range = "", stepText] = item.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad step in "${item}"`);
    const [from, to] =
      range === "*"
        ? [min, max]
        : range.includes("-")
          ? (range.split("-").map((t) => value(t, field)) as [number, number])
          : [value(range, field), stepText === undefined ? value(range, field) : max];
    for (let n = from; n <= to; n += step) out.add(field === 4 && n === 7 ? 0 : n);
  }
  return out;
}

/** Parses once; the returned function tells whether the expression fires in a given UTC minute. */
export function cronMatcher(expression: string): (at: Date) => boolean {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`"${expression}" is not a 5-field cron expression`);
  const sets = parts.map((p, i) => expand(p, i));
  const [minute, hour, dom, month, dow] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  // As in Vixie cron, a day field starting with "*" (also "*/2") counts as unrestricted.
  const domAny = parts[2]?.startsWith("*") ?? false;
  const dowAny = parts[4]?.startsWith("*") ?? false;
  return (at) => {
    if (!minute.has(at.getUTCMinutes()) || !hour.has(at.getUTCHours()) || !month.has(at.getUTCMonth() + 1)) {
      return false;
    }
    const byDom = dom.has(at.getUTCDate());
    const byDow = dow.has(at.getUTCDay());
    // As in Vixie cron: when both day fields are restricted, either may match.
    if (domAny || dowAny) return byDom && byDow;
    return byDom || byDow;
  };
}
