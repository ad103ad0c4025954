import { buildWeeklyRrule, describeWeekly, weekdayCodeOf } from './rrule';

describe('buildWeeklyRrule', () => {
  it('counts occurrences as days × weeks, days in week order', () => {
    expect(buildWeeklyRrule(['TH', 'MO'], 12)).toBe('FREQ=WEEKLY;BYDAY=MO,TH;COUNT=24');
  });

  it('ignores a day ticked twice', () => {
    expect(buildWeeklyRrule(['FR', 'FR'], 3)).toBe('FREQ=WEEKLY;BYDAY=FR;COUNT=3');
  });

  it('refuses no days and out-of-range weeks', () => {
    expect(() => buildWeeklyRrule([], 4)).toThrow(/at least one day/);
    expect(() => buildWeeklyRrule(['MO'], 0)).toThrow(/weeks/);
    expect(() => buildWeeklyRrule(['MO'], 1.5)).toThrow(/weeks/);
    expect(() => buildWeeklyRrule(['MO'], 105)).toThrow(/weeks/);
  });
});

describe('describeWeekly', () => {
  it('reads like a sentence', () => {
    expect(describeWeekly(['TH', 'MO'], 12)).toBe('Every Mon and Thu for 12 weeks (24 occurrences)');
    expect(describeWeekly(['WE'], 1)).toBe('Every Wed for 1 week (1 occurrence)');
    expect(describeWeekly(['MO', 'WE', 'FR'], 2)).toBe('Every Mon, Wed and Fri for 2 weeks (6 occurrences)');
    expect(describeWeekly([], 2)).toBe('');
  });
});

describe('weekdayCodeOf', () => {
  it('uses Monday-first codes without a time-zone shift', () => {
    expect(weekdayCodeOf('2026-03-30')).toBe('MO');
    expect(weekdayCodeOf('2026-03-29')).toBe('SU');
  });
});
