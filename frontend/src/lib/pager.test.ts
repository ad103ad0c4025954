import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { currentCursor, hasPrevious, initialPagerState, pageNumber, pagerReducer, type PagerState } from './pager';
import { useCursorPager } from './useCursorPager';

function run(...actions: Parameters<typeof pagerReducer>[1][]): PagerState {
  return actions.reduce(pagerReducer, initialPagerState);
}

describe('pagerReducer', () => {
  it('starts on page 1 with no cursor', () => {
    expect(currentCursor(initialPagerState)).toBeNull();
    expect(pageNumber(initialPagerState)).toBe(1);
    expect(hasPrevious(initialPagerState)).toBe(false);
  });

  it('pushes the next cursor and pops it on previous', () => {
    const s = run({ type: 'next', cursor: 'c2' }, { type: 'next', cursor: 'c3' });
    expect(currentCursor(s)).toBe('c3');
    expect(pageNumber(s)).toBe(3);
    const back = pagerReducer(s, { type: 'previous' });
    expect(currentCursor(back)).toBe('c2');
    const first = pagerReducer(back, { type: 'previous' });
    expect(currentCursor(first)).toBeNull();
    expect(hasPrevious(first)).toBe(false);
  });

  it('ignores next without a cursor (last page) and previous on the first page', () => {
    expect(run({ type: 'next', cursor: null })).toBe(initialPagerState);
    expect(run({ type: 'next', cursor: undefined })).toBe(initialPagerState);
    expect(run({ type: 'previous' })).toBe(initialPagerState);
  });

  it('resets to the first page', () => {
    const s = run({ type: 'next', cursor: 'a' }, { type: 'next', cursor: 'b' }, { type: 'reset' });
    expect(s.stack).toEqual([null]);
  });
});

describe('useCursorPager', () => {
  it('goes back to page 1 when the filters change', () => {
    const { result, rerender } = renderHook(({ filters }) => useCursorPager(filters), {
      initialProps: { filters: 'q=ann' },
    });
    act(() => result.current.next('c2'));
    expect(result.current.cursor).toBe('c2');
    expect(result.current.page).toBe(2);
    expect(result.current.hasPrevious).toBe(true);

    rerender({ filters: 'q=bob' });
    expect(result.current.cursor).toBeNull();
    expect(result.current.page).toBe(1);
    expect(result.current.hasPrevious).toBe(false);

    act(() => result.current.next('d2'));
    act(() => result.current.previous());
    expect(result.current.cursor).toBeNull();
  });
});
