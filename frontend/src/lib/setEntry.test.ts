import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/problem';
import { checkSet, implausibleMessage, numberOrEmpty, setErrors } from './setEntry';

const problem = (type: string, errors: { field: string; message: string }[]) =>
  new ApiError({ type: `https://fitnesscrm.dev/problems/${type}`, title: 'x', status: 422, errors });

describe('set entry', () => {
  it('refuses a negative load and zero reps instead of clamping them to 0 x 0', () => {
    expect(checkSet({ load: -10, reps: 0 })).toEqual({
      load: "A load can't be negative (use 0 for bodyweight).",
      reps: 'Reps must be at least 1.',
    });
    expect(checkSet({ load: 0, reps: 12 })).toEqual({});
    expect(checkSet({ load: 100, reps: 2.5 })).toEqual({ reps: 'Reps must be a whole number.' });
    expect(checkSet({ load: null, reps: null })).toEqual({});
  });

  it('keeps a half-typed number empty rather than NaN', () => {
    expect(numberOrEmpty('-')).toBe('');
    expect(numberOrEmpty('')).toBe('');
    expect(numberOrEmpty(-10)).toBe(-10);
  });

  it('tells an implausible value from a refusal and maps field errors', () => {
    const asked = problem('implausible-value', [{ field: 'load', message: "That's much more than the best of 140 kg logged for this exercise." }]);
    expect(implausibleMessage(asked)).toBe("That's much more than the best of 140 kg logged for this exercise.");
    const refused = problem('validation-failed', [
      { field: 'reps', message: 'Reps must be at least 1.' },
      { field: '_schema', message: 'record at least one value' },
    ]);
    expect(implausibleMessage(refused)).toBeNull();
    expect(setErrors(refused)).toEqual({ fields: { reps: 'Reps must be at least 1.' }, other: ['record at least one value'] });
    expect(setErrors(new Error('offline'))).toEqual({ fields: {}, other: [] });
  });
});
