import { useCallback, useState } from 'react';
import { isApiError, problemToFieldErrors } from '../api/problem';

/**
 * Runs a submit, and when it fails puts 422 field errors onto the form and
 * keeps the rest (plus any error) for a <FormErrorAlert>.
 */
interface ErrorSettable {
  setErrors: (errors: Record<string, string>) => void;
}

export function useServerForm(form: ErrorSettable, knownFields: readonly string[]) {
  const [error, setError] = useState<unknown>(null);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);

  const run = useCallback(
    async (action: () => Promise<unknown>): Promise<boolean> => {
      setError(null);
      setOtherErrors([]);
      try {
        await action();
        return true;
      } catch (e) {
        setError(e);
        if (isApiError(e) && e.status === 422) {
          const { fieldErrors, otherErrors: rest } = problemToFieldErrors(e.problem, knownFields);
          form.setErrors(fieldErrors);
          setOtherErrors(rest);
          // Move focus to the first invalid field so the error is announced.
          if (Object.keys(fieldErrors).length > 0) {
            requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
          }
        }
        return false;
      }
    },
    [form, knownFields],
  );

  const clear = useCallback(() => {
    setError(null);
    setOtherErrors([]);
  }, []);

  return { error, otherErrors, run, clear };
}
