import { isInsideCancellationWindow, lateCancellationWarning } from './cancellation';

const now = Date.parse('2026-05-01T10:00:00Z');
const rules = { cancellation_window_hours: 24, late_cancel_policy: 'forfeit_credit' as const };

describe('cancellation window', () => {
  it('is inside when the start is closer than the window', () => {
    expect(isInsideCancellationWindow('2026-05-02T09:59:00Z', 24, now)).toBe(true);
    expect(isInsideCancellationWindow('2026-05-02T10:00:00Z', 24, now)).toBe(false);
    expect(isInsideCancellationWindow('2026-05-03T10:00:00Z', 24, now)).toBe(false);
  });

  it('a zero-hour window never warns for a future session', () => {
    expect(isInsideCancellationWindow('2026-05-01T10:01:00Z', 0, now)).toBe(false);
  });

  it('warns with the policy’s consequence only inside the window', () => {
    expect(lateCancellationWarning('2026-05-03T10:00:00Z', rules, now)).toBeNull();
    expect(lateCancellationWarning('2026-05-01T20:00:00Z', rules, now)).toMatch(/less than 24 hours.*late cancellation.*charged/);
    expect(
      lateCancellationWarning('2026-05-01T20:00:00Z', { cancellation_window_hours: 1, late_cancel_policy: 'fee' }, now),
    ).toBeNull();
    expect(
      lateCancellationWarning('2026-05-01T10:30:00Z', { cancellation_window_hours: 1, late_cancel_policy: 'fee' }, now),
    ).toMatch(/less than 1 hour\..*fee/);
  });

  it('does not warn for an unparsable start', () => {
    expect(isInsideCancellationWindow('soon', 24, now)).toBe(false);
  });
});
