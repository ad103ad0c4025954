import { describe, expect, it } from 'vitest';
import type { BlockOut, PrescriptionOut, SetOut } from '../api/types';
import { assignmentPhase, bestE1rm, localToday, loggerRows, nextSetNumber, plannedDraft } from './plan';
import { blockProblems, fromBlocksOut, newExercise, toBlocksIn } from './templateEditor';

const p = (over: Partial<PrescriptionOut> = {}): PrescriptionOut => ({
  exercise_id: 'sq',
  exercise_name: 'Back squat',
  sets: 3,
  reps_min: 5,
  reps_max: 5,
  duration_seconds: null,
  distance_m: null,
  load: { kind: 'weight', value: 100, unit: 'kg', value_kg: 100 },
  tempo: null,
  rest_seconds: 120,
  notes: null,
  ...over,
});

const set = (over: Partial<SetOut>): SetOut => ({
  id: 's',
  workout_log_id: 'w',
  exercise_id: 'sq',
  exercise_name: 'Back squat',
  position: 1,
  set_number: 1,
  reps: 5,
  load: 100,
  load_unit: 'kg',
  load_kg: 100,
  duration_seconds: null,
  distance_m: null,
  rpe: null,
  completed: true,
  performed_at: '2026-11-25T10:00:00Z',
  estimated_1rm_kg: null,
  ...over,
});

describe('logger rows', () => {
  const blocks: BlockOut[] = [
    { kind: 'single', rounds: null, exercises: [p()] },
    { kind: 'superset', rounds: null, exercises: [p({ exercise_id: 'row' }), p({ exercise_id: 'press' })] },
    { kind: 'circuit', rounds: 3, exercises: [p({ exercise_id: 'a', sets: 1 }), p({ exercise_id: 'b', sets: 1 })] },
  ];

  it('numbers exercises through the workout and labels supersets A1/A2', () => {
    const rows = loggerRows(blocks);
    expect(rows.map((r) => [r.position, r.label])).toEqual([
      [1, 'A'],
      [2, 'B1'],
      [3, 'B2'],
      [4, 'C1'],
      [5, 'C2'],
    ]);
    expect(rows[3].plannedSets).toBe(3); // a circuit repeats its sets each round
  });

  it('continues set numbers after what is logged', () => {
    expect(nextSetNumber([set({ set_number: 1 }), set({ set_number: 2 }), set({ position: 2, set_number: 5 })], 1)).toBe(3);
    expect(nextSetNumber([], 4)).toBe(1);
  });
});

describe('log as planned', () => {
  it('takes the planned weight in the user unit and the top of the rep range', () => {
    expect(plannedDraft(p({ reps_min: 8, reps_max: 12 }), 'kg')).toMatchObject({ reps: 12, load: 100 });
    expect(plannedDraft(p(), 'lb').load).toBeCloseTo(220.46, 2);
  });

  it('turns % of 1RM into plates from the best estimate', () => {
    const draft = plannedDraft(p({ load: { kind: 'percent_1rm', value: 75, unit: null, value_kg: null } }), 'kg', {
      bestE1rmKg: 120,
    });
    expect(draft.load).toBe(90);
  });

  it('falls back to last time when the plan has no load', () => {
    expect(plannedDraft(p({ load: null }), 'kg', { lastSet: set({ load_kg: 80 }) }).load).toBe(80);
    expect(plannedDraft(p({ load: null }), 'kg').load).toBe('');
  });

  it('finds the best e1RM among sets', () => {
    expect(bestE1rm([set({ load_kg: 100, reps: 5 }), set({ load_kg: 110, reps: 1 }), set({ load_kg: 200, reps: 20 })])).toBeCloseTo(
      116.667,
      3,
    );
    expect(bestE1rm([])).toBeNull();
  });

  it('formats the local date', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});

describe('template editor state', () => {
  it('round-trips a saved template through the editor', () => {
    const saved: BlockOut[] = [
      { kind: 'single', rounds: null, exercises: [p({ reps_min: 8, reps_max: 12, tempo: '3-1-1-0' })] },
      {
        kind: 'circuit',
        rounds: 4,
        exercises: [
          p({ exercise_id: 'plank', reps_min: null, reps_max: null, duration_seconds: 45, load: null }),
          p({ exercise_id: 'row', load: { kind: 'rpe', value: 8, unit: null, value_kg: null } }),
        ],
      },
    ];
    const blocks = toBlocksIn(fromBlocksOut(saved));
    expect(blocks[0]).toMatchObject({ kind: 'single', rounds: null });
    expect(blocks[0].exercises[0]).toMatchObject({ reps_min: 8, reps_max: 12, tempo: '3-1-1-0', load: { kind: 'weight', value: 100, unit: 'kg' } });
    expect(blocks[1]).toMatchObject({ kind: 'circuit', rounds: 4 });
    expect(blocks[1].exercises[0]).toMatchObject({ duration_seconds: 45, load: null, reps: null });
    expect(blocks[1].exercises[1].load).toEqual({ kind: 'rpe', value: 8, unit: null });
  });

  it('keeps a weight entered in lb in lb', () => {
    const [b] = fromBlocksOut([{ kind: 'single', rounds: null, exercises: [p({ load: { kind: 'weight', value: 225, unit: 'lb', value_kg: 102.0582833 } })] }]);
    expect(b.exercises[0]).toMatchObject({ loadMode: 'lb', loadValue: 225 });
  });

  it('explains blocks the server would refuse', () => {
    const one = newExercise('sq', 'Back squat', 'kg');
    expect(blockProblems([{ key: 'b', kind: 'superset', rounds: '', exercises: [one] }])).toEqual([
      'Block 1: a superset needs at least two exercises.',
    ]);
    expect(blockProblems([{ key: 'b', kind: 'single', rounds: '', exercises: [{ ...one, tempo: 'slow' }] }])[0]).toMatch(/tempo/);
  });
});

describe('assignmentPhase', () => {
  it('reads an active assignment past its last day as finished, and leaves the others as stored', () => {
    expect(assignmentPhase({ status: 'active', end_date: '2026-12-05' }, '2026-12-06')).toBe('finished');
    expect(assignmentPhase({ status: 'active', end_date: '2026-12-06' }, '2026-12-06')).toBe('active');
    expect(assignmentPhase({ status: 'cancelled', end_date: '2026-11-01' }, '2026-12-06')).toBe('cancelled');
  });
});
