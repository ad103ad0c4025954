/**
 * The cancellation window: cancelling less than `cancellation_window_hours` before
 * the start counts as a late cancellation (the business's penalty policy applies).
 */

export type PenaltyPolicy = 'none' | 'forfeit_credit' | 'fee';

const HOUR_MS = 3_600_000;

export function isInsideCancellationWindow(startsAt: string, windowHours: number, now: number = Date.now()): boolean {
  const start = Date.parse(startsAt);
  if (Number.isNaN(start)) return false;
  return start - now < windowHours * HOUR_MS;
}

/** The sentence shown before a client cancels, or null when cancelling is free. */
export function lateCancellationWarning(
  startsAt: string,
  rules: { cancellation_window_hours: number; late_cancel_policy: PenaltyPolicy },
  now: number = Date.now(),
): string | null {
  if (!isInsideCancellationWindow(startsAt, rules.cancellation_window_hours, now)) return null;
  const consequence: Record<PenaltyPolicy, string> = {
    none: 'It will be recorded as a late cancellation.',
    forfeit_credit: 'It will count as a late cancellation and the session will be charged as used.',
    fee: 'It will count as a late cancellation and a late-cancellation fee applies.',
  };
  const hours = rules.cancellation_window_hours;
  return `This session starts in less than ${hours} hour${hours === 1 ? '' : 's'}. ${consequence[rules.late_cancel_policy]}`;
}
