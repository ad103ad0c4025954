import type { BlockIn, BlockKind, BlockOut, LoadIn, PrescriptionIn } from '../api/types';
import { fromKg, type LoadUnit } from './units';

/** How a prescription's target is given in the editor. */
export type TargetMode = 'reps' | 'range' | 'time' | 'distance';
export type LoadMode = 'none' | 'kg' | 'lb' | 'percent_1rm' | 'rpe';

export interface EditorExercise {
  key: string;
  exercise_id: string;
  exercise_name: string;
  sets: number;
  targetMode: TargetMode;
  reps: number | '';
  reps_min: number | '';
  reps_max: number | '';
  duration_seconds: number | '';
  distance_m: number | '';
  loadMode: LoadMode;
  loadValue: number | '';
  tempo: string;
  rest_seconds: number | '';
  notes: string;
}

export interface EditorBlock {
  key: string;
  kind: BlockKind;
  rounds: number | '';
  exercises: EditorExercise[];
}

let counter = 0;
export function newKey(): string {
  counter += 1;
  return `k${counter}`;
}

export function newExercise(id: string, name: string, loadUnit: LoadUnit): EditorExercise {
  return {
    key: newKey(),
    exercise_id: id,
    exercise_name: name,
    sets: 3,
    targetMode: 'reps',
    reps: 10,
    reps_min: '',
    reps_max: '',
    duration_seconds: '',
    distance_m: '',
    loadMode: loadUnit,
    loadValue: '',
    tempo: '',
    rest_seconds: 90,
    notes: '',
  };
}

export function newBlock(kind: BlockKind, first: EditorExercise): EditorBlock {
  return { key: newKey(), kind, rounds: kind === 'circuit' ? 3 : '', exercises: [first] };
}

const num = (v: number | ''): number | null => (v === '' ? null : v);

function loadIn(ex: EditorExercise): LoadIn | null {
  if (ex.loadMode === 'none' || ex.loadValue === '') return null;
  if (ex.loadMode === 'kg' || ex.loadMode === 'lb') return { kind: 'weight', value: ex.loadValue, unit: ex.loadMode };
  return { kind: ex.loadMode, value: ex.loadValue, unit: null };
}

export function toPrescriptionIn(ex: EditorExercise): PrescriptionIn {
  const p: PrescriptionIn = {
    exercise_id: ex.exercise_id,
    sets: ex.sets,
    reps: null,
    reps_min: null,
    reps_max: null,
    duration_seconds: null,
    distance_m: null,
    load: loadIn(ex),
    tempo: ex.tempo.trim() || null,
    rest_seconds: num(ex.rest_seconds),
    notes: ex.notes.trim() || null,
  };
  if (ex.targetMode === 'reps') p.reps = num(ex.reps);
  if (ex.targetMode === 'range') {
    p.reps_min = num(ex.reps_min);
    p.reps_max = num(ex.reps_max);
  }
  if (ex.targetMode === 'time') p.duration_seconds = num(ex.duration_seconds);
  if (ex.targetMode === 'distance') p.distance_m = num(ex.distance_m);
  return p;
}

export function toBlocksIn(blocks: EditorBlock[]): BlockIn[] {
  return blocks.map((b) => ({
    kind: b.kind,
    rounds: b.kind === 'circuit' ? num(b.rounds) ?? 1 : null,
    exercises: b.exercises.map(toPrescriptionIn),
  }));
}

/** The editor's state for a saved template; weights come back in the unit they were entered in. */
export function fromBlocksOut(blocks: BlockOut[]): EditorBlock[] {
  return blocks.map((b) => ({
    key: newKey(),
    kind: b.kind,
    rounds: b.rounds ?? '',
    exercises: b.exercises.map((p) => {
      const exact = p.reps_min !== null && p.reps_min === p.reps_max;
      const range = p.reps_min !== null && p.reps_max !== null && !exact;
      const targetMode: TargetMode = exact ? 'reps' : range ? 'range' : p.duration_seconds ? 'time' : p.distance_m ? 'distance' : 'reps';
      let loadMode: LoadMode = 'none';
      let loadValue: number | '' = '';
      if (p.load?.kind === 'weight') {
        loadMode = p.load.unit ?? 'kg';
        loadValue = p.load.value_kg !== null ? Math.round(fromKg(p.load.value_kg, loadMode) * 100) / 100 : p.load.value;
      } else if (p.load) {
        loadMode = p.load.kind;
        loadValue = p.load.value;
      }
      return {
        key: newKey(),
        exercise_id: p.exercise_id,
        exercise_name: p.exercise_name ?? 'Exercise',
        sets: p.sets,
        targetMode,
        reps: exact ? (p.reps_min ?? '') : '',
        reps_min: range ? (p.reps_min ?? '') : '',
        reps_max: range ? (p.reps_max ?? '') : '',
        duration_seconds: p.duration_seconds ?? '',
        distance_m: p.distance_m ?? '',
        loadMode,
        loadValue,
        tempo: p.tempo ?? '',
        rest_seconds: p.rest_seconds ?? '',
        notes: p.notes ?? '',
      };
    }),
  }));
}

/** Problems the server would refuse, phrased for the editor (block numbers start at 1). */
export function blockProblems(blocks: EditorBlock[]): string[] {
  const problems: string[] = [];
  blocks.forEach((b, i) => {
    const n = i + 1;
    if (b.kind === 'single' && b.exercises.length !== 1) problems.push(`Block ${n}: a single block holds exactly one exercise.`);
    if (b.kind !== 'single' && b.exercises.length < 2) problems.push(`Block ${n}: a ${b.kind} needs at least two exercises.`);
    b.exercises.forEach((ex) => {
      if (ex.targetMode === 'range' && ex.reps_min !== '' && ex.reps_max !== '' && ex.reps_min > ex.reps_max) {
        problems.push(`Block ${n}, ${ex.exercise_name}: the rep range is upside down.`);
      }
      if (ex.tempo.trim() && !/^([0-9]{1,2}|[Xx])(-([0-9]{1,2}|[Xx])){3}$/.test(ex.tempo.trim())) {
        problems.push(`Block ${n}, ${ex.exercise_name}: write tempo as four numbers, e.g. 3-1-1-0.`);
      }
    });
  });
  return problems;
}

/** Labels exercises the way coaches write them: A, B, … per block and A1, A2 inside supersets and circuits. */
export function exerciseLabel(blockIndex: number, exerciseIndex: number, kind: BlockKind): string {
  const letter = String.fromCharCode(65 + (blockIndex % 26));
  return kind === 'single' ? letter : `${letter}${exerciseIndex + 1}`;
}
