import { describe, expect, it } from 'vitest';
import { addWeek, cellAt, dayLabel, duplicateWeek, move, progressedLoad, removeWeek, setCell, workoutsInWeek } from './programGrid';

const empty = { weeks: 1, days: [] };

describe('programme grid', () => {
  it('puts one workout per cell and clears it', () => {
    let g = setCell(empty, 1, 3, 'push');
    g = setCell(g, 1, 3, 'pull');
    g = setCell(g, 1, 1, 'legs');
    expect(g.days).toEqual([
      { week: 1, day: 1, template_id: 'legs' },
      { week: 1, day: 3, template_id: 'pull' },
    ]);
    expect(cellAt(setCell(g, 1, 3, null), 1, 3)).toBeUndefined();
  });

  it('duplicates a week onto a new last week', () => {
    const g = duplicateWeek(setCell(setCell(empty, 1, 1, 'a'), 1, 4, 'b'), 1);
    expect(g.weeks).toBe(2);
    expect(workoutsInWeek(g, 2)).toBe(2);
    expect(cellAt(g, 2, 4)?.template_id).toBe('b');
  });

  it('removes a week and moves the later ones up', () => {
    let g = addWeek(addWeek(setCell(empty, 1, 1, 'a')));
    g = setCell(g, 3, 2, 'c');
    g = removeWeek(g, 2);
    expect(g.weeks).toBe(2);
    expect(cellAt(g, 2, 2)?.template_id).toBe('c');
    expect(removeWeek({ weeks: 1, days: [] }, 1).weeks).toBe(1);
  });

  it('does not grow past 52 weeks', () => {
    expect(duplicateWeek({ weeks: 52, days: [] }, 1).weeks).toBe(52);
  });

  it('labels days from the start date weekday', () => {
    expect(dayLabel(1)).toBe('Day 1');
    // 2026-11-25 is a Wednesday, so day 3 is a Friday.
    expect(dayLabel(3, '2026-11-25')).toMatch(/^Day 3 · Fri/);
  });

  it('applies weekly progression', () => {
    expect(progressedLoad(60, 1, 2.5)).toBe(60);
    expect(progressedLoad(60, 3, 2.5)).toBe(65);
    expect(progressedLoad(5, 4, -5)).toBe(0);
  });

  it('moves items up and down, ignoring moves off the ends', () => {
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
  });
});
