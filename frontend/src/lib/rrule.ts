/** Weekly recurrence as the series form builds it: days of the week × a number of weeks. */

export type WeekdayCode = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

/** Monday first, as the API counts weekdays (0 = Monday). */
export const WEEKDAYS: { code: WeekdayCode; label: string; short: string }[] = [
  { code: 'MO', label: 'Monday', short: 'Mon' },
  { code: 'TU', label: 'Tuesday', short: 'Tue' },
  { code: 'WE', label: 'Wednesday', short: 'Wed' },
  { code: 'TH', label: 'Thursday', short: 'Thu' },
  { code: 'FR', label: 'Friday', short: 'Fri' },
  { code: 'SA', label: 'Saturday', short: 'Sat' },
  { code: 'SU', label: 'Sunday', short: 'Sun' },
];

export const MAX_WEEKS = 104;

function inWeekOrder(days: readonly WeekdayCode[]): WeekdayCode[] {
  const order = WEEKDAYS.map((d) => d.code);
  return [...new Set(days)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/**
 * `FREQ=WEEKLY;BYDAY=MO,TH;COUNT=24` for Monday + Thursday over 12 weeks. COUNT is
 * occurrences, so it is days × weeks (the series starts on its first matching day).
 */
export function buildWeeklyRrule(days: readonly WeekdayCode[], weeks: number): string {
  const ordered = inWeekOrder(days);
  if (ordered.length === 0) throw new Error('Pick at least one day of the week.');
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_WEEKS) {
    throw new Error(`Number of weeks must be a whole number from 1 to ${MAX_WEEKS}.`);
  }
  return `FREQ=WEEKLY;BYDAY=${ordered.join(',')};COUNT=${ordered.length * weeks}`;
}

/** "Every Mon and Thu for 12 weeks (24 occurrences)". */
export function describeWeekly(days: readonly WeekdayCode[], weeks: number): string {
  const ordered = inWeekOrder(days);
  if (ordered.length === 0 || weeks < 1) return '';
  const names = ordered.map((c) => WEEKDAYS.find((d) => d.code === c)!.short);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const count = ordered.length * weeks;
  return `Every ${list} for ${weeks} week${weeks === 1 ? '' : 's'} (${count} occurrence${count === 1 ? '' : 's'})`;
}

/** The weekday code of a calendar date (YYYY-MM-DD), read without any time-zone shift. */
export function weekdayCodeOf(isoDate: string): WeekdayCode {
  const [y, m, d] = isoDate.split('-').map(Number);
  const jsDay = new Date(Date.UTC(y, m - 1, d)).getUTCDay(); // 0 = Sunday
  return WEEKDAYS[(jsDay + 6) % 7].code;
}
