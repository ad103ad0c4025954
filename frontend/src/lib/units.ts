import type { LoadOut, PersonalRecord, PrescriptionOut, RecordKind, SetOut, UnitSystem } from '../api/types';

/** Exact, by the international yard and pound agreement (the server uses the same factor). */
export const KG_PER_LB = 0.45359237;

export type LoadUnit = 'kg' | 'lb';

export function loadUnitFor(system: UnitSystem | null | undefined): LoadUnit {
  return system === 'imperial' ? 'lb' : 'kg';
}

export function fromKg(kg: number, unit: LoadUnit): number {
  return unit === 'lb' ? kg / KG_PER_LB : kg;
}

export function toKg(value: number, unit: LoadUnit): number {
  return unit === 'lb' ? value * KG_PER_LB : value;
}

/** A number for people: at most `digits` decimals, no trailing zeros ("60", "132.28", "2.5"). */
export function formatNumber(value: number, digits = 1): string {
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: digits }).format(value);
}

/** Canonical kilograms shown in the user's unit: 45.359237 kg → "100 lb" for an imperial user. */
export function formatWeight(kg: number | null | undefined, unit: LoadUnit, digits = 1): string {
  if (kg === null || kg === undefined) return '—';
  return `${formatNumber(fromKg(kg, unit), digits)} ${unit}`;
}

/**
 * Rounds a weight to what a gym can load: 2.5 kg or 5 lb steps for a suggestion, so
 * "+2.5 kg a week" shows as plates rather than 61.234 kg.
 */
export function roundToPlates(value: number, unit: LoadUnit): number {
  const step = unit === 'lb' ? 5 : 2.5;
  return Math.round(value / step) * step;
}

/** A prescribed load: "60 kg", "75 % 1RM", "RPE 8". Weights are shown in the user's unit. */
export function formatLoad(load: LoadOut | null | undefined, unit: LoadUnit): string {
  if (!load) return '';
  if (load.kind === 'percent_1rm') return `${formatNumber(load.value)} % 1RM`;
  if (load.kind === 'rpe') return `RPE ${formatNumber(load.value)}`;
  const kg = load.value_kg ?? (load.unit ? toKg(load.value, load.unit) : load.value);
  return formatWeight(kg, unit);
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s ? `${m}:${String(s).padStart(2, '0')} min` : `${m} min`;
}

export function formatDistance(metres: number): string {
  return metres >= 1000 ? `${formatNumber(metres / 1000, 2)} km` : `${formatNumber(metres, 0)} m`;
}

/** The rep (or time/distance) target: "8", "8–12", "45 s", "500 m". */
export function formatTarget(p: Pick<PrescriptionOut, 'reps_min' | 'reps_max' | 'duration_seconds' | 'distance_m'>): string {
  const parts: string[] = [];
  if (p.reps_min !== null && p.reps_max !== null) {
    parts.push(p.reps_min === p.reps_max ? `${p.reps_min}` : `${p.reps_min}–${p.reps_max}`);
  }
  if (p.duration_seconds) parts.push(formatDuration(p.duration_seconds));
  if (p.distance_m) parts.push(formatDistance(p.distance_m));
  return parts.join(' / ');
}

/** One line per exercise: "3 × 8–12 @ 60 kg · tempo 3-1-1-0 · rest 1:30 min". */
export function formatPrescription(p: PrescriptionOut, unit: LoadUnit): string {
  const target = formatTarget(p);
  const load = formatLoad(p.load, unit);
  let line = target ? `${p.sets} × ${target}` : `${p.sets} ${p.sets === 1 ? 'set' : 'sets'}`;
  if (load) line += ` @ ${load}`;
  const extra: string[] = [];
  if (p.tempo) extra.push(`tempo ${p.tempo}`);
  if (p.rest_seconds) extra.push(`rest ${formatDuration(p.rest_seconds)}`);
  return [line, ...extra].join(' · ');
}

/** A logged set: "60 kg × 8 @ RPE 8", "12 reps", "45 s". */
export function formatSet(set: Pick<SetOut, 'reps' | 'load_kg' | 'duration_seconds' | 'distance_m' | 'rpe'>, unit: LoadUnit): string {
  const parts: string[] = [];
  if (set.load_kg !== null && set.load_kg !== undefined && set.reps !== null) {
    parts.push(`${formatWeight(set.load_kg, unit)} × ${set.reps}`);
  } else if (set.load_kg !== null && set.load_kg !== undefined) {
    parts.push(formatWeight(set.load_kg, unit));
  } else if (set.reps !== null) {
    parts.push(`${set.reps} reps`);
  }
  if (set.duration_seconds) parts.push(formatDuration(set.duration_seconds));
  if (set.distance_m) parts.push(formatDistance(set.distance_m));
  let text = parts.join(' · ');
  if (set.rpe) text += ` @ RPE ${formatNumber(set.rpe)}`;
  return text;
}

export const EPLEY_MAX_REPS = 12;

/** Epley, as the server computes it: a single is its own 1RM; 2–12 reps estimate; more give none. */
export function estimated1rm(loadKg: number | null | undefined, reps: number | null | undefined): number | null {
  if (!loadKg || !reps || loadKg <= 0 || reps < 1 || reps > EPLEY_MAX_REPS) return null;
  return reps === 1 ? loadKg : loadKg * (1 + reps / 30);
}

export function formatE1rm(kg: number | null | undefined, unit: LoadUnit): string {
  return kg ? `≈ ${formatWeight(kg, unit)}` : '—';
}

export const RECORD_LABELS: Record<RecordKind, string> = {
  estimated_1rm: 'Estimated 1RM',
  heaviest_set: 'Heaviest set',
  set_volume: 'Best set volume',
  most_reps: 'Most reps',
  longest_time: 'Longest time',
};

export function formatRecordValue(kind: RecordKind, value: number, unit: LoadUnit): string {
  if (kind === 'most_reps') return `${formatNumber(value, 0)} reps`;
  if (kind === 'longest_time') return formatDuration(Math.round(value));
  return formatWeight(value, unit);
}

/** "Estimated 1RM 112.5 kg (was 105 kg)" — or "(first)" for a first record. */
export function describeRecord(record: Pick<PersonalRecord, 'kind' | 'value' | 'previous_value'>, unit: LoadUnit): string {
  const now = formatRecordValue(record.kind, record.value, unit);
  const before =
    record.previous_value === null ? 'first' : `was ${formatRecordValue(record.kind, record.previous_value, unit)}`;
  return `${RECORD_LABELS[record.kind]} ${now} (${before})`;
}
