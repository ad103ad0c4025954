import { useCallback, useReducer, useState } from 'react';
import {
  currentCursor,
  hasPrevious,
  initialPagerState,
  pageNumber,
  pagerReducer,
} from './pager';

/**
 * Cursor pager state for one list. Whenever `resetKey` changes (filters,
 * search, sort), the pager goes back to the first page.
 */
export function useCursorPager(resetKey: string) {
  const [state, dispatch] = useReducer(pagerReducer, initialPagerState);
  const [key, setKey] = useState(resetKey);
  if (key !== resetKey) {
    // Adjusting state during render (React's recommended pattern) avoids
    // fetching the old cursor with new filters for one render.
    setKey(resetKey);
    dispatch({ type: 'reset' });
  }
  const stale = key !== resetKey;
  const next = useCallback((cursor: string | null | undefined) => dispatch({ type: 'next', cursor }), []);
  const previous = useCallback(() => dispatch({ type: 'previous' }), []);
  return {
    cursor: stale ? null : currentCursor(state),
    page: stale ? 1 : pageNumber(state),
    hasPrevious: !stale && hasPrevious(state),
    next,
    previous,
  };
}
