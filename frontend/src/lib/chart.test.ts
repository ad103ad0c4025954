import { describe, expect, it } from 'vitest';
import { dayNumber, linePath, niceTicks, scale } from './chart';

describe('chart helpers', () => {
  it('scales linearly and inverts for the y axis', () => {
    const y = scale(80, 90, 200, 0);
    expect(y(80)).toBe(200);
    expect(y(85)).toBe(100);
    expect(scale(5, 5, 0, 100)(5)).toBe(50);
  });

  it('picks round ticks that cover the data', () => {
    expect(niceTicks(81.2, 89.7, 4)).toEqual([80, 82.5, 85, 87.5, 90]);
    expect(niceTicks(0, 1000, 4)).toEqual([0, 250, 500, 750, 1000]);
    const flat = niceTicks(70, 70);
    expect(flat[0]).toBeLessThan(70);
    expect(flat[flat.length - 1]).toBeGreaterThan(70);
  });

  it('draws a path and counts days across month ends', () => {
    expect(linePath([{ x: 0, y: 10 }, { x: 5, y: 2.25 }])).toBe('M0.0,10.0 L5.0,2.3');
    expect(dayNumber('2026-03-01') - dayNumber('2026-02-28')).toBe(1);
  });
});
