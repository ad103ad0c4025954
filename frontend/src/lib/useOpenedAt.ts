import { useState } from 'react';

/** An instant rounded down to the minute (UTC ISO string), so queries for "from now" share a cache key. */
export function minuteOf(now: Date): string {
  const rounded = new Date(now);
  rounded.setUTCSeconds(0, 0);
  return rounded.toISOString();
}

/**
 * "Now" as it was when the component mounted, to the minute. A query asking for "from now" must not read the
 * clock while rendering: every render would make a new query key, so every answer would trigger the next request.
 */
export function useOpenedAt(): string {
  const [openedAt] = useState(() => minuteOf(new Date()));
  return openedAt;
}
