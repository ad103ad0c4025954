import { describe, expect, it } from 'vitest';
import {
  ApiError,
  hasProblemType,
  errorMessage,
  normaliseField,
  parseRetryAfter,
  problemToFieldErrors,
  toProblem,
} from './problem';

describe('toProblem', () => {
  it('keeps a well-formed problem document', () => {
    const body = {
      type: 'https://fitnesscrm.dev/problems/validation',
      title: 'Invalid input',
      status: 422,
      detail: 'Some fields are invalid.',
      request_id: 'req-1',
      errors: [{ field: 'email', message: 'Not a valid e-mail address.' }],
    };
    expect(toProblem(body, 422)).toEqual(body);
  });

  it('builds a problem from an empty or non-JSON body', () => {
    expect(toProblem(undefined, 502, 'Bad Gateway')).toEqual({
      type: 'about:blank',
      title: 'Server unavailable',
      status: 502,
    });
    expect(toProblem('<html>oops</html>', 418, "I'm a teapot").title).toBe("I'm a teapot");
  });

  it('fills in a missing title and drops malformed error entries', () => {
    const p = toProblem({ status: 422, errors: [{ field: 'phone', message: 'Bad' }, 'junk', null] }, 422);
    expect(p.title).toBe('Invalid input');
    expect(p.errors).toEqual([{ field: 'phone', message: 'Bad' }]);
  });
});

describe('normaliseField', () => {
  it.each([
    ['email', 'email'],
    ['body.email', 'email'],
    ['json.address.city', 'address.city'],
    ['/address/postal_code', 'address.postal_code'],
    ['address[city]', 'address.city'],
    ['$.emergency_contact.phone', 'emergency_contact.phone'],
    ['working_hours[0].start', 'working_hours.0.start'],
    ['working_hours.0.end', 'working_hours.0.end'],
    ['body.working_hours.1', 'working_hours.1'],
    ['_schema', ''],
    ['json', ''],
  ])('%s → %s', (input, expected) => {
    expect(normaliseField(input)).toBe(expected);
  });
});

describe('problemToFieldErrors', () => {
  const known = ['first_name', 'email', 'phone', 'address', 'address.city', 'emergency_contact', 'emergency_contact.phone'];

  it('maps field errors onto form paths', () => {
    const { fieldErrors, otherErrors } = problemToFieldErrors(
      {
        errors: [
          { field: 'email', message: 'Not a valid e-mail address.' },
          { field: 'body.phone', message: 'Not a valid phone number.' },
          { field: 'address.city', message: 'Too long.' },
        ],
      },
      known,
    );
    expect(fieldErrors).toEqual({
      email: 'Not a valid e-mail address.',
      phone: 'Not a valid phone number.',
      'address.city': 'Too long.',
    });
    expect(otherErrors).toEqual([]);
  });

  it('joins several messages for the same field', () => {
    const { fieldErrors } = problemToFieldErrors({
      errors: [
        { field: 'new_password', message: 'Too short.' },
        { field: 'new_password', message: 'Found in a data breach.' },
      ],
    });
    expect(fieldErrors).toEqual({ new_password: 'Too short. Found in a data breach.' });
  });

  it('falls back to the closest known parent field', () => {
    const { fieldErrors } = problemToFieldErrors(
      { errors: [{ field: 'address.line1', message: 'Required when an address is given.' }] },
      known,
    );
    expect(fieldErrors).toEqual({ address: 'Required when an address is given.' });
  });

  it('keeps unknown and field-less errors for a general alert', () => {
    const { fieldErrors, otherErrors } = problemToFieldErrors(
      {
        errors: [
          { field: 'tenant_id', message: 'Unknown field.' },
          { field: '', message: 'Either e-mail or phone is required.' },
        ],
      },
      known,
    );
    expect(fieldErrors).toEqual({});
    expect(otherErrors).toEqual(['Tenant id: Unknown field.', 'Either e-mail or phone is required.']);
  });

  it('accepts any field when no list of known fields is given', () => {
    expect(problemToFieldErrors({ errors: [{ field: 'x.y', message: 'm' }] }).fieldErrors).toEqual({ 'x.y': 'm' });
  });

  it('maps list rows onto wildcard fields, in every spelling the server uses', () => {
    const rows = ['working_hours.*.start_time', 'working_hours.*.end_time', 'working_hours.*'];
    const { fieldErrors, otherErrors } = problemToFieldErrors(
      {
        errors: [
          { field: 'working_hours.0.end_time', message: 'The end time must be after the start time.' },
          { field: 'working_hours[1].start_time', message: 'Enter a time as HH:MM.' },
          { field: 'working_hours[2]', message: 'Monday 11:00-14:00 overlaps 09:00-12:00 (row 1).' },
          { field: 'working_hours.3.location_id', message: 'Choose an item from the list.' },
          { field: 'working_hours.x.end_time', message: 'Not a row.' },
        ],
      },
      rows,
    );
    expect(fieldErrors).toEqual({
      'working_hours.0.end_time': 'The end time must be after the start time.',
      'working_hours.1.start_time': 'Enter a time as HH:MM.',
      'working_hours.2': 'Monday 11:00-14:00 overlaps 09:00-12:00 (row 1).',
      // No location field is known: the row itself carries it.
      'working_hours.3': 'Choose an item from the list.',
    });
    expect(otherErrors).toEqual(['Working hours, x, end time: Not a row.']);
  });

  it('renames API fields to the form’s own', () => {
    const { fieldErrors } = problemToFieldErrors(
      { errors: [{ field: 'late_cancel_fee_minor', message: 'Must be at most 100000000.' }] },
      ['late_cancel_fee_minor'],
      { late_cancel_fee_minor: 'late_cancel_fee' },
    );
    expect(fieldErrors).toEqual({ late_cancel_fee: 'Must be at most 100000000.' });
  });

  it('reads a pydantic-style loc when there is no field', () => {
    const problem = toProblem({ title: 'Validation failed', status: 422, errors: [{ loc: ['body', 'value'], msg: 'x', message: 'Too big.' }] }, 422);
    expect(problemToFieldErrors(problem, ['value']).fieldErrors).toEqual({ value: 'Too big.' });
  });

  it('puts model-level errors in the alert', () => {
    const { fieldErrors, otherErrors } = problemToFieldErrors({ errors: [{ field: '_schema', message: 'Give both times.' }] }, ['start_time']);
    expect(fieldErrors).toEqual({});
    expect(otherErrors).toEqual(['Give both times.']);
  });

  it('handles a problem without errors[]', () => {
    expect(problemToFieldErrors({})).toEqual({ fieldErrors: {}, otherErrors: [] });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:42 GMT', now)).toBe(42);
  });
});

describe('errorMessage', () => {
  it('uses the problem title, detail and request id', () => {
    const error = new ApiError({ type: 'about:blank', title: 'Conflict', status: 409, detail: 'Stale', request_id: 'r' });
    expect(errorMessage(error)).toEqual({ title: 'Conflict', detail: 'Stale', requestId: 'r' });
    expect(error.status).toBe(409);
  });

  it('lists the field messages of a 422 as its detail', () => {
    const error = new ApiError({
      type: 't', title: 'Validation failed', status: 422, detail: 'Some fields are missing or invalid.',
      errors: [{ field: 'first_name', message: 'Use at most 100 characters.' }],
    });
    expect(errorMessage(error).detail).toBe('First name: Use at most 100 characters.');
  });

  it('falls back for other errors', () => {
    expect(errorMessage(new Error('boom'))).toEqual({ title: 'Something went wrong', detail: 'boom' });
    expect(errorMessage('x')).toEqual({ title: 'Something went wrong' });
  });
});

describe('series clashes and problem types', () => {
  it('keeps the clash list of a series-clashes problem and recognises its type', () => {
    const problem = toProblem(
      {
        type: 'https://fitnesscrm.dev/problems/series-clashes',
        title: 'Series clashes',
        status: 409,
        detail: '1 of 4 occurrences cannot be placed.',
        clashes: [{ date: '2027-01-05', type: 'double-booking', detail: 'The trainer already has PT.' }, 'junk'],
      },
      409,
    );
    expect(problem.clashes).toEqual([{ date: '2027-01-05', type: 'double-booking', detail: 'The trainer already has PT.' }]);
    const error = new ApiError(problem);
    expect(hasProblemType(error, 'series-clashes')).toBe(true);
    expect(hasProblemType(error, 'clashes')).toBe(false);
    expect(hasProblemType(new Error('x'), 'series-clashes')).toBe(false);
  });
});
