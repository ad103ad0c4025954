import type { Goal, GoalDirection } from '../api/types';
import { formatNumber } from './units';

export const DIRECTION_LABELS: Record<GoalDirection, string> = {
  increase: 'Increase',
  decrease: 'Decrease',
  reach: 'Reach',
};

/**
 * Progress from start to target, as the server computes it (the bar must agree with the API):
 * increase/decrease count the way travelled; a reach goal counts the distance left, within 1 % is done.
 */
export function goalPercent(direction: GoalDirection, start: number, target: number, current: number | null): number {
  if (current === null) return 0;
  const reached =
    direction === 'increase'
      ? current >= target
      : direction === 'decrease'
        ? current <= target
        : Math.abs(current - target) <= Math.max(Math.abs(target) * 0.01, 1e-9);
  if (reached) return 100;
  const span = target - start;
  if (span === 0) return 0;
  const fraction = direction === 'reach' ? 1 - Math.abs(target - current) / Math.abs(span) : (current - start) / span;
  return Math.round(Math.max(0, Math.min(1, fraction)) * 1000) / 10;
}

/** Where a milestone sits on the start→target bar, in percent (0 at start, 100 at target). */
export function milestonePosition(start: number, target: number, value: number): number {
  const span = target - start;
  if (span === 0) return 100;
  return Math.max(0, Math.min(100, ((value - start) / span) * 100));
}

/** "5 kg to go", "Achieved", "No measurement yet". */
export function remainingText(goal: Pick<Goal, 'current_value' | 'target_value' | 'unit' | 'status' | 'progress_percent'>): string {
  if (goal.status === 'achieved' || goal.progress_percent >= 100) return 'Achieved';
  if (goal.current_value === null) return 'No measurement yet';
  const left = Math.abs(goal.target_value - goal.current_value);
  return `${formatNumber(left)} ${goal.unit} to go`;
}

/** Days until a deadline (negative when past), counted on calendar dates. */
export function daysUntil(deadline: string, today: string): number {
  const a = Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10));
  const b = Date.UTC(+deadline.slice(0, 4), +deadline.slice(5, 7) - 1, +deadline.slice(8, 10));
  return Math.round((b - a) / 86_400_000);
}

export function deadlineText(deadline: string | null, today: string): string | null {
  if (!deadline) return null;
  const days = daysUntil(deadline, today);
  if (days > 1) return `${days} days left`;
  if (days === 1) return '1 day left';
  if (days === 0) return 'Due today';
  return `${-days} ${days === -1 ? 'day' : 'days'} past the deadline`;
}

/** The progress bar's colour: green when achieved, orange when the deadline has passed. */
export function goalColor(goal: Pick<Goal, 'status' | 'progress_percent' | 'deadline'>, today: string): string {
  if (goal.status === 'achieved' || goal.progress_percent >= 100) return 'green';
  if (goal.status === 'abandoned') return 'gray';
  if (goal.deadline && daysUntil(goal.deadline, today) < 0) return 'orange';
  return 'blue';
}

/** Checks what the server would refuse, so the form can say so before submitting. */
export function validateGoalValues(direction: GoalDirection, start: number | null, target: number | null): string | null {
  if (target === null) return 'Enter a target.';
  if (start === null) return null; // the server starts from the latest measurement
  if (direction === 'increase' && target <= start) return 'For an increase goal the target must be above the start.';
  if (direction === 'decrease' && target >= start) return 'For a decrease goal the target must be below the start.';
  return null;
}
