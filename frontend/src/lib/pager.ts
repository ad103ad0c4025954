/**
 * Cursor paging with Next / Previous. The API only gives us a `next_cursor`,
 * so we remember the cursor of every page we have visited: the top of the
 * stack is the current page's cursor (`null` for the first page).
 */
export interface PagerState {
  readonly stack: readonly (string | null)[];
}

export type PagerAction =
  | { type: 'next'; cursor: string | null | undefined }
  | { type: 'previous' }
  | { type: 'reset' };

export const initialPagerState: PagerState = { stack: [null] };

export function pagerReducer(state: PagerState, action: PagerAction): PagerState {
  switch (action.type) {
    case 'next':
      if (!action.cursor) return state;
      return { stack: [...state.stack, action.cursor] };
    case 'previous':
      if (state.stack.length <= 1) return state;
      return { stack: state.stack.slice(0, -1) };
    case 'reset':
      return state.stack.length === 1 ? state : initialPagerState;
  }
}

export function currentCursor(state: PagerState): string | null {
  return state.stack[state.stack.length - 1] ?? null;
}

/** 1-based number of the page being shown. */
export function pageNumber(state: PagerState): number {
  return state.stack.length;
}

export function hasPrevious(state: PagerState): boolean {
  return state.stack.length > 1;
}
