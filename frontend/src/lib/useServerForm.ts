import { useCallback, useState } from 'react';
import { isApiError, problemToFieldErrors } from '../api/problem';

/**
 * Moves focus to the first field with an error (Mantine marks inputs with
 * `data-path`), so screen readers announce its label and message.
 */
export function focusFirstError(errors: Record<string, unknown>): void {
  const paths = Object.keys(errors).filter((k) => errors[k]);
  if (paths.length === 0) return;
  requestAnimationFrame(() => {
    const inputs = paths
      .map((p) => document.querySelector<HTMLElement>(`form [data-path="${CSS.escape(p)}"]`))
      .filter((el): el is HTMLElement => el !== null);
    // The first in document order, not in the order the errors were listed.
    inputs.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    inputs[0]?.focus();
  });
}

interface ErrorSettable {
  setErrors: (errors: Record<string, string>) => void;
}

/**
 * Runs a submit, and when it fails puts 422 field errors onto the form and
 * keeps the rest (plus any error) for a <FormErrorAlert>. `knownFields` and
 * `aliases` are as in problemToFieldErrors; keep them module constants.
 */
export function useServerForm(
  form: ErrorSettable,
  knownFields: readonly string[],
  aliases?: Readonly<Record<string, string>>,
) {
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
          const { fieldErrors, otherErrors: rest } = problemToFieldErrors(e.problem, knownFields, aliases);
          form.setErrors(fieldErrors);
          setOtherErrors(rest);
          // Move focus to the first invalid field so the error is announced.
          focusFirstError(fieldErrors);
        }
        return false;
      }
    },
    [form, knownFields, aliases],
  );

  const clear = useCallback(() => {
    setError(null);
    setOtherErrors([]);
  }, []);

  return { error, otherErrors, run, clear };
}
