import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';

/** Reads and writes list filters in the URL query string (shareable, back-button friendly). */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const get = useCallback((name: string) => params.get(name) ?? '', [params]);
  const set = useCallback(
    (changes: Record<string, string | null | undefined>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  const clear = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  return { params, get, set, clear };
}

/** A text box value that is written to the URL filter `name` after typing stops. */
export function useDebouncedUrlText(name: string, filters: ReturnType<typeof useUrlFilters>, wait = 300) {
  const urlValue = filters.get(name);
  const [value, setValue] = useState(urlValue);
  const [debounced] = useDebouncedValue(value, wait);
  const { set } = filters;

  useEffect(() => {
    if (debounced.trim() !== urlValue) set({ [name]: debounced.trim() });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  // Follow the URL when it changes from elsewhere (e.g. "Clear filters").
  useEffect(() => {
    if (urlValue !== value.trim()) setValue(urlValue);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [urlValue]);

  return [value, setValue] as const;
}
