import { describe, expect, it } from 'vitest';
import { activityLabel } from './ActivityCard';

describe('activityLabel', () => {
  it('names every booking event in words', () => {
    expect(activityLabel('booking.waitlist_promoted')).toBe('Moved from the waitlist into a place');
    expect(activityLabel('booking.late_cancelled')).toBe('Late cancellation');
    expect(activityLabel('booking.voided')).toBe('Voided (booked by mistake)');
  });
  it('shows an event it does not know by its kind', () => {
    expect(activityLabel('billing.paid')).toBe('billing.paid');
  });
});
