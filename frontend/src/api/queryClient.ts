import { MutationCache, QueryClient } from '@tanstack/react-query';
import { errorMessage, isApiError } from './problem';
import { notify } from '../lib/notify';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** The form shows this mutation's errors itself; no toast. */
      inlineErrors?: boolean;
    };
  }
}

export function notifyError(error: unknown, fallbackTitle?: string): void {
  if (isApiError(error) && error.status === 401) return; // handled by the redirect to /login
  const { title, detail, requestId } = errorMessage(error);
  notify({
    color: 'red',
    title: fallbackTitle ? `${fallbackTitle}: ${title}` : title,
    message: [detail, requestId ? `(request ${requestId})` : null].filter(Boolean).join(' ') || title,
    autoClose: 8000,
  });
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, error) => {
          // Client errors will not fix themselves; retry network/5xx once.
          if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
          return failureCount < 1;
        },
      },
      mutations: { retry: false },
    },
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        if (!mutation.meta?.inlineErrors) notifyError(error);
      },
    }),
  });
}
