import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { minuteOf, useOpenedAt } from './useOpenedAt';

describe('useOpenedAt', () => {
  afterEach(() => vi.useRealTimers());

  it('rounds down to the minute', () => {
    expect(minuteOf(new Date('2026-12-06T18:34:30.138Z'))).toBe('2026-12-06T18:34:00.000Z');
  });

  it('keeps the mount time across renders, so a "from now" query key does not change', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-06T18:34:30Z'));
    const { result, rerender } = renderHook(() => useOpenedAt());
    vi.setSystemTime(new Date('2026-12-06T18:39:59Z'));
    rerender();
    expect(result.current).toBe('2026-12-06T18:34:00.000Z');
  });
});
