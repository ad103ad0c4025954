import { describe, expect, it } from 'vitest';
import { deadlineText, goalColor, goalPercent, milestonePosition, remainingText, validateGoalValues } from './goals';

describe('goal progress', () => {
  it('counts a weight-loss goal from 90 to 80 kg at 85 kg as 50 %', () => {
    expect(goalPercent('decrease', 90, 80, 85)).toBe(50);
  });

  it('counts an increase goal and clamps past either end', () => {
    expect(goalPercent('increase', 100, 140, 110)).toBe(25);
    expect(goalPercent('increase', 100, 140, 95)).toBe(0);
    expect(goalPercent('increase', 100, 140, 150)).toBe(100);
    expect(goalPercent('decrease', 90, 80, null)).toBe(0);
  });

  it('lowers a reach goal again when the value overshoots', () => {
    expect(goalPercent('reach', 60, 70, 65)).toBe(50);
    expect(goalPercent('reach', 60, 70, 75)).toBe(50);
    expect(goalPercent('reach', 60, 70, 70.5)).toBe(100); // within 1 %
  });

  it('places milestones along the bar in either direction', () => {
    expect(milestonePosition(90, 80, 85)).toBe(50);
    expect(milestonePosition(100, 140, 130)).toBe(75);
    expect(milestonePosition(100, 140, 200)).toBe(100);
  });

  it('says how far is left and how long until the deadline', () => {
    expect(remainingText({ current_value: 85, target_value: 80, unit: 'kg', status: 'active', progress_percent: 50 })).toBe(
      '5 kg to go',
    );
    expect(remainingText({ current_value: null, target_value: 80, unit: 'kg', status: 'active', progress_percent: 0 })).toBe(
      'No measurement yet',
    );
    expect(deadlineText('2026-12-01', '2026-11-25')).toBe('6 days left');
    expect(deadlineText('2026-11-25', '2026-11-25')).toBe('Due today');
    expect(deadlineText('2026-11-20', '2026-11-25')).toBe('5 days past the deadline');
    expect(deadlineText(null, '2026-11-25')).toBeNull();
  });

  it('colours the bar by state', () => {
    expect(goalColor({ status: 'active', progress_percent: 40, deadline: '2026-11-01' }, '2026-11-25')).toBe('orange');
    expect(goalColor({ status: 'achieved', progress_percent: 100, deadline: null }, '2026-11-25')).toBe('green');
    expect(goalColor({ status: 'active', progress_percent: 40, deadline: null }, '2026-11-25')).toBe('blue');
  });

  it('rejects a target on the wrong side of the start', () => {
    expect(validateGoalValues('decrease', 90, 95)).toMatch(/below/);
    expect(validateGoalValues('increase', 90, 80)).toMatch(/above/);
    expect(validateGoalValues('reach', 90, 80)).toBeNull();
    expect(validateGoalValues('increase', null, 80)).toBeNull();
  });
});
