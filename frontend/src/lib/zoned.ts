import { DateTime } from 'luxon';

/**
 * Times travel as UTC instants; people read and type them as wall-clock times in
 * the business's time zone (from the booking rules). These helpers convert between the two.
 */

/** `2026-03-30` + `07:00` in Europe/Berlin → `2026-03-30T05:00:00.000Z`. Throws on an invalid date or zone. */
export function wallClockToUtc(date: string, time: string, timeZone: string): string {
  const local = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  if (!local.isValid) throw new Error(`Invalid date or time: ${date} ${time} (${timeZone})`);
  return local.toUTC().toISO()!;
}

/** The local date and time (`HH:mm`) of an instant in a time zone, for prefilling inputs. */
export function utcToWallClock(iso: string, timeZone: string): { date: string; time: string } {
  const local = DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone);
  return { date: local.toISODate()!, time: local.toFormat('HH:mm') };
}

/** "Mon 30 Mar 2026, 07:00" in the given zone and the browser's language (24-hour, like the calendar). */
export function formatInZone(iso: string | null | undefined, timeZone: string, locale?: string): string {
  if (!iso) return '—';
  const d = DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone);
  if (!d.isValid) return iso;
  return d.setLocale(locale ?? DateTime.local().locale ?? 'en-GB').toLocaleString({
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/** "07:00–08:00" for a span, in the given zone. */
export function formatTimeRange(startIso: string, endIso: string, timeZone: string): string {
  const fmt = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(timeZone).toFormat('HH:mm');
  return `${fmt(startIso)}–${fmt(endIso)}`;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(timeZone).toISODate()!;
}

/** A date plus some days, as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;
}

/** `07:00:00` or `07:00` → `07:00` (the API may send seconds). */
export function shortTime(value: string | null | undefined): string {
  return value ? value.slice(0, 5) : '';
}

/** A time zone name the runtime knows, so a bad setting cannot crash a page. */
export function safeZone(timeZone: string | null | undefined): string {
  if (timeZone && DateTime.local().setZone(timeZone).isValid) return timeZone;
  return DateTime.local().zoneName ?? 'UTC';
}

/** "Monday 30 March" for a calendar date, in the browser's language. */
export function formatDay(date: string, locale?: string): string {
  return DateTime.fromISO(date, { zone: 'utc' })
    .setLocale(locale ?? DateTime.local().locale ?? 'en-GB')
    .toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
}

/** "Mon 30 Mar" for a calendar date. */
export function formatShortDay(date: string, locale?: string): string {
  return DateTime.fromISO(date, { zone: 'utc' })
    .setLocale(locale ?? DateTime.local().locale ?? 'en-GB')
    .toLocaleString({ weekday: 'short', day: 'numeric', month: 'short' });
}
