import { hasProblemType, isApiError, problemToFieldErrors } from '../api/problem';
import type { SetIn } from '../api/types';

/** The inputs of one set that can carry an error message. */
export const SET_FIELDS = ['load', 'reps', 'duration_seconds', 'distance_m', 'rpe'] as const;
export type SetField = (typeof SET_FIELDS)[number];
export type SetFieldErrors = Partial<Record<SetField, string>>;

/** A number input's value as the logger keeps it: a number, or '' while empty (or half-typed, like "-"). */
export function numberOrEmpty(value: string | number): number | '' {
  if (value === '') return '';
  const n = Number(value);
  return Number.isFinite(n) ? n : '';
}

/**
 * The mistakes that cannot be a real set, caught before sending, in the server's words. The inputs
 * never clamp: a typed "-10" must be refused, not quietly saved as 0.
 */
export function checkSet(body: Pick<SetIn, 'load' | 'reps'>): SetFieldErrors {
  const errors: SetFieldErrors = {};
  if (typeof body.load === 'number' && body.load < 0) errors.load = "A load can't be negative (use 0 for bodyweight).";
  if (typeof body.reps === 'number' && body.reps < 1) errors.reps = 'Reps must be at least 1.';
  else if (typeof body.reps === 'number' && !Number.isInteger(body.reps)) errors.reps = 'Reps must be a whole number.';
  return errors;
}

/** The server asks to confirm a value that is probably a typo (a load far above the client's best). */
export function implausibleMessage(error: unknown): string | null {
  if (!hasProblemType(error, 'implausible-value')) return null;
  return error.problem.errors?.[0]?.message ?? error.problem.detail ?? null;
}

/** A refused set's errors: per input where the server names one, the rest as sentences. */
export function setErrors(error: unknown): { fields: SetFieldErrors; other: string[] } {
  if (!isApiError(error) || error.status !== 422) return { fields: {}, other: [] };
  const { fieldErrors, otherErrors } = problemToFieldErrors(error.problem, SET_FIELDS);
  return { fields: fieldErrors as SetFieldErrors, other: otherErrors };
}
