/** Calendar arithmetic on YYYY-MM-DD dates (UTC): terms, reminders and PO deadlines are whole days. */

const DAY_MS = 86_400_000;

const parse = (isoDate: string): Date => new Date(`${isoDate}T00:00:00.000Z`);
const format = (d: Date): string => d.toISOString().slice(0, 10);

/** The calendar day of an instant. */
export const dayOf = (at: Date): string => format(at);

/** Midnight UTC at the start of a day: the instant a term starts or ends. */
export const startOfDay = (isoDate: string): Date => parse(isoDate);

/** One calendar year later (29 February starts end on 1 March). */
export const addOneYear = (isoDate: string): string => {
  const d = parse(isoDate);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return format(d);
};

/** n calendar months later (or earlier); a day the target month lacks becomes its last day (31 May − 3 → 28/29 Feb). */
export const addMonths = (isoDate: string, n: number): string => {
  const d = parse(isoDate);
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return format(target);
};

/** Whole days from `from` to `to` (dates; `to` exclusive). */
export const daysBetween = (from: string, to: string): number => Math.round((parse(to).getTime() - parse(from).getTime()) / DAY_MS);

/** n days later. */
export const addDays = (isoDate: string, n: number): string => format(new Date(parse(isoDate).getTime() + n * DAY_MS));
