import type { ProgramDayIn } from '../api/types';

/** A programme's grid as the builder edits it: weeks × 7 days, each empty or one workout template. */
export interface Grid {
  weeks: number;
  days: ProgramDayIn[];
}

export const MAX_WEEKS = 52;

export function cellAt(grid: Grid, week: number, day: number): ProgramDayIn | undefined {
  return grid.days.find((d) => d.week === week && d.day === day);
}

function sorted(days: ProgramDayIn[]): ProgramDayIn[] {
  return [...days].sort((a, b) => a.week - b.week || a.day - b.day);
}

/** Puts a template on a day (or clears it with null), keeping one workout per cell. */
export function setCell(grid: Grid, week: number, day: number, templateId: string | null): Grid {
  const rest = grid.days.filter((d) => !(d.week === week && d.day === day));
  return { ...grid, days: sorted(templateId ? [...rest, { week, day, template_id: templateId }] : rest) };
}

/** Copies a week onto a new last week, as the server's "duplicate week" does. */
export function duplicateWeek(grid: Grid, week: number): Grid {
  if (grid.weeks >= MAX_WEEKS) return grid;
  const to = grid.weeks + 1;
  const copies = grid.days.filter((d) => d.week === week).map((d) => ({ ...d, week: to }));
  return { weeks: to, days: sorted([...grid.days, ...copies]) };
}

export function addWeek(grid: Grid): Grid {
  return grid.weeks >= MAX_WEEKS ? grid : { ...grid, weeks: grid.weeks + 1 };
}

/** Removes a week; the weeks after it move up one. */
export function removeWeek(grid: Grid, week: number): Grid {
  if (grid.weeks <= 1) return grid;
  const days = grid.days
    .filter((d) => d.week !== week)
    .map((d) => (d.week > week ? { ...d, week: d.week - 1 } : d));
  return { weeks: grid.weeks - 1, days: sorted(days) };
}

/** Workouts per week, for the week headers. */
export function workoutsInWeek(grid: Grid, week: number): number {
  return grid.days.filter((d) => d.week === week).length;
}

/**
 * Day n of a programme falls on the start date's weekday + (n - 1): labels the columns once a start
 * date is known ("Day 1 · Mon"), otherwise just "Day n".
 */
export function dayLabel(day: number, startDate?: string | null): string {
  if (!startDate) return `Day ${day}`;
  const [y, m, d] = startDate.split('-').map(Number);
  const date = new Date(y, m - 1, d + day - 1);
  return `Day ${day} · ${new Intl.DateTimeFormat(undefined, { weekday: 'short' }).format(date)}`;
}

/** The weight a week n gets under "+step kg per week" (what the plan will show). */
export function progressedLoad(baseKg: number, week: number, stepKg: number | null | undefined): number {
  return Math.max(0, baseKg + (week - 1) * (stepKg ?? 0));
}

/** Moves an item one place up (-1) or down (+1); out-of-range moves return the list unchanged. */
export function move<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  [next[index], next[to]] = [next[to], next[index]];
  return next;
}
