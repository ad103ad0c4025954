import { addDays, formatDay, formatShortDay, formatTimeRange, safeZone, shortTime, todayIn, utcToWallClock, wallClockToUtc } from './zoned';

describe('wallClockToUtc', () => {
  it('keeps 07:00 local across the spring DST change in Berlin', () => {
    expect(wallClockToUtc('2026-03-27', '07:00', 'Europe/Berlin')).toBe('2026-03-27T06:00:00.000Z');
    expect(wallClockToUtc('2026-03-30', '07:00', 'Europe/Berlin')).toBe('2026-03-30T05:00:00.000Z');
  });

  it('handles New York in winter and summer', () => {
    expect(wallClockToUtc('2026-01-15', '18:30', 'America/New_York')).toBe('2026-01-15T23:30:00.000Z');
    expect(wallClockToUtc('2026-07-15', '18:30', 'America/New_York')).toBe('2026-07-15T22:30:00.000Z');
  });

  it('throws on nonsense', () => {
    expect(() => wallClockToUtc('2026-13-01', '07:00', 'Europe/Berlin')).toThrow();
    expect(() => wallClockToUtc('2026-01-01', '07:00', 'Nowhere/Atlantis')).toThrow();
  });
});

describe('utcToWallClock', () => {
  it('is the inverse of wallClockToUtc', () => {
    expect(utcToWallClock('2026-10-26T06:00:00Z', 'Europe/Berlin')).toEqual({ date: '2026-10-26', time: '07:00' });
    expect(utcToWallClock('2026-01-01T02:00:00Z', 'America/New_York')).toEqual({ date: '2025-12-31', time: '21:00' });
  });
});

describe('small helpers', () => {
  it('formats a range in the zone', () => {
    expect(formatTimeRange('2026-07-01T05:00:00Z', '2026-07-01T06:00:00Z', 'Europe/Berlin')).toBe('07:00–08:00');
  });

  it('knows today in a zone', () => {
    const now = new Date('2026-01-01T02:00:00Z');
    expect(todayIn('America/New_York', now)).toBe('2025-12-31');
    expect(todayIn('Europe/Berlin', now)).toBe('2026-01-01');
  });

  it('adds days, trims seconds, and falls back from an unknown zone', () => {
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(shortTime('07:00:00')).toBe('07:00');
    expect(shortTime(null)).toBe('');
    expect(safeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(safeZone('Nowhere/Atlantis')).not.toBe('Nowhere/Atlantis');
  });
});

describe('day labels', () => {
  it('name a calendar date without shifting it', () => {
    expect(formatDay('2026-03-30', 'en-GB')).toBe('Monday 30 March');
    expect(formatShortDay('2026-03-30', 'en-GB')).toBe('Mon 30 Mar');
  });
});
