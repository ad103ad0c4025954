import { describe, expect, it } from 'vitest';
import type { PrescriptionOut } from '../api/types';
import {
  describeRecord,
  estimated1rm,
  formatE1rm,
  formatLoad,
  formatPrescription,
  formatSet,
  formatTarget,
  formatWeight,
  fromKg,
  loadUnitFor,
  roundToPlates,
  toKg,
} from './units';

const base: PrescriptionOut = {
  exercise_id: 'e',
  exercise_name: 'Back squat',
  sets: 3,
  reps_min: 8,
  reps_max: 12,
  duration_seconds: null,
  distance_m: null,
  load: { kind: 'weight', value: 60, unit: 'kg', value_kg: 60 },
  tempo: null,
  rest_seconds: null,
  notes: null,
};

describe('unit conversion for display', () => {
  it('shows canonical kilograms in the user unit without drift', () => {
    expect(formatWeight(toKg(100, 'lb'), 'lb')).toBe('100 lb');
    expect(formatWeight(45.359237, 'kg')).toBe('45.4 kg');
    expect(fromKg(toKg(225, 'lb'), 'lb')).toBeCloseTo(225, 9);
    expect(formatWeight(null, 'kg')).toBe('—');
  });

  it('picks the load unit from the unit system', () => {
    expect(loadUnitFor('imperial')).toBe('lb');
    expect(loadUnitFor('metric')).toBe('kg');
    expect(loadUnitFor(undefined)).toBe('kg');
  });

  it('rounds suggestions to loadable plates', () => {
    expect(roundToPlates(61.3, 'kg')).toBe(62.5);
    expect(roundToPlates(133, 'lb')).toBe(135);
  });
});

describe('prescriptions', () => {
  it('formats rep ranges, exact reps, time and distance', () => {
    expect(formatTarget(base)).toBe('8–12');
    expect(formatTarget({ ...base, reps_min: 5, reps_max: 5 })).toBe('5');
    expect(formatTarget({ ...base, reps_min: null, reps_max: null, duration_seconds: 45 })).toBe('45 s');
    expect(formatTarget({ ...base, reps_min: null, reps_max: null, distance_m: 2000 })).toBe('2 km');
  });

  it('formats loads of every kind, weights in the user unit', () => {
    expect(formatLoad(base.load, 'kg')).toBe('60 kg');
    expect(formatLoad(base.load, 'lb')).toBe('132.3 lb');
    expect(formatLoad({ kind: 'percent_1rm', value: 75, unit: null, value_kg: null }, 'kg')).toBe('75 % 1RM');
    expect(formatLoad({ kind: 'rpe', value: 8, unit: null, value_kg: null }, 'kg')).toBe('RPE 8');
  });

  it('joins everything into one line', () => {
    expect(formatPrescription({ ...base, tempo: '3-1-1-0', rest_seconds: 90 }, 'kg')).toBe(
      '3 × 8–12 @ 60 kg · tempo 3-1-1-0 · rest 1:30 min',
    );
    expect(formatPrescription({ ...base, sets: 1, reps_min: null, reps_max: null, load: null }, 'kg')).toBe('1 set');
  });

  it('formats a logged set', () => {
    expect(formatSet({ reps: 8, load_kg: 60, duration_seconds: null, distance_m: null, rpe: 8.5 }, 'kg')).toBe(
      '60 kg × 8 @ RPE 8.5',
    );
    expect(formatSet({ reps: 15, load_kg: null, duration_seconds: null, distance_m: null, rpe: null }, 'kg')).toBe(
      '15 reps',
    );
  });
});

describe('estimated 1RM', () => {
  it('uses Epley for 2-12 reps and the load itself for a single', () => {
    expect(estimated1rm(100, 1)).toBe(100);
    expect(estimated1rm(100, 5)).toBeCloseTo(116.667, 3);
    expect(estimated1rm(100, 13)).toBeNull();
    expect(estimated1rm(null, 5)).toBeNull();
    expect(estimated1rm(100, 0)).toBeNull();
  });

  it('is displayed approximately, in the user unit', () => {
    expect(formatE1rm(116.6667, 'kg')).toBe('≈ 116.7 kg');
    expect(formatE1rm(null, 'kg')).toBe('—');
  });

  it('describes a new record against the previous best', () => {
    expect(describeRecord({ kind: 'estimated_1rm', value: 110, previous_value: 105 }, 'kg')).toBe(
      'Estimated 1RM 110 kg (was 105 kg)',
    );
    expect(describeRecord({ kind: 'most_reps', value: 20, previous_value: null }, 'kg')).toBe('Most reps 20 reps (first)');
  });
});
