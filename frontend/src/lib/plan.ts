import type { BlockOut, PlannedWorkout, PrescriptionOut, SetOut } from '../api/types';
import { estimated1rm, fromKg, type LoadUnit, roundToPlates } from './units';
import { exerciseLabel } from './templateEditor';

/** Today's calendar date where the user is (YYYY-MM-DD). */
export function localToday(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** One exercise of a workout as the logger shows it; `position` is its order in the whole workout. */
export interface LoggerRow {
  position: number;
  label: string;
  blockKind: BlockOut['kind'];
  prescription: PrescriptionOut;
  /** How many sets are planned: sets × rounds for circuits. */
  plannedSets: number;
}

export function loggerRows(blocks: BlockOut[]): LoggerRow[] {
  const rows: LoggerRow[] = [];
  blocks.forEach((block, b) => {
    block.exercises.forEach((p, e) => {
      rows.push({
        position: rows.length + 1,
        label: exerciseLabel(b, e, block.kind),
        blockKind: block.kind,
        prescription: p,
        plannedSets: p.sets * (block.kind === 'circuit' ? (block.rounds ?? 1) : 1),
      });
    });
  });
  return rows;
}

export function setsFor(sets: SetOut[], position: number): SetOut[] {
  return sets.filter((s) => s.position === position).sort((a, b) => a.set_number - b.set_number);
}

export function nextSetNumber(sets: SetOut[], position: number): number {
  return setsFor(sets, position).reduce((max, s) => Math.max(max, s.set_number), 0) + 1;
}

/** Values a set is pre-filled with, in the user's unit. */
export interface SetDraft {
  reps: number | '';
  load: number | '';
  duration_seconds: number | '';
  distance_m: number | '';
}

/**
 * What "log as planned" sends: the top of the rep target, the planned weight — or for a % of 1RM
 * prescription, that share of the client's best estimated 1RM, rounded to plates. Falls back to
 * what was done last time when the plan gives no number.
 */
export function plannedDraft(
  p: PrescriptionOut,
  unit: LoadUnit,
  opts: { bestE1rmKg?: number | null; lastSet?: SetOut | null } = {},
): SetDraft {
  const last = opts.lastSet ?? null;
  let load: number | '' = '';
  if (p.load?.kind === 'weight' && p.load.value_kg !== null) {
    load = Math.round(fromKg(p.load.value_kg, unit) * 100) / 100;
  } else if (p.load?.kind === 'percent_1rm' && opts.bestE1rmKg) {
    load = roundToPlates(fromKg((opts.bestE1rmKg * p.load.value) / 100, unit), unit);
  } else if (last?.load_kg) {
    load = Math.round(fromKg(last.load_kg, unit) * 100) / 100;
  }
  const reps = p.reps_max ?? p.reps_min ?? last?.reps ?? '';
  return {
    reps: reps === null ? '' : reps,
    load,
    duration_seconds: p.duration_seconds ?? last?.duration_seconds ?? '',
    distance_m: p.distance_m ?? last?.distance_m ?? '',
  };
}

/** The best e1RM among some sets (kg), for suggesting %1RM loads. */
export function bestE1rm(sets: Pick<SetOut, 'load_kg' | 'reps'>[]): number | null {
  let best: number | null = null;
  for (const s of sets) {
    const e = estimated1rm(s.load_kg, s.reps);
    if (e !== null && (best === null || e > best)) best = e;
  }
  return best;
}

export function todaysWorkouts(items: PlannedWorkout[], today: string): PlannedWorkout[] {
  return items.filter((i) => i.date === today);
}

export const PLAN_STATUS_LABELS: Record<PlannedWorkout['status'], string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  completed: 'Completed',
};

/** An active assignment whose last day has passed reads as finished: nothing is left to cancel. */
export function assignmentPhase(
  a: { status: 'active' | 'completed' | 'cancelled'; end_date: string },
  today: string,
): 'active' | 'completed' | 'cancelled' | 'finished' {
  return a.status === 'active' && a.end_date < today ? 'finished' : a.status;
}
