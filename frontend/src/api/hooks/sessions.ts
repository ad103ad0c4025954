import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../client';
import { compact, queryKeys } from './keys';

/** Where I am signed in, most recently used first. */
export function useSignedInSessions(params: { limit?: number; cursor?: string | null }) {
  const query = compact({ ...params });
  return useQuery({
    queryKey: queryKeys.sessions.list(query),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/auth/sessions', { params: { query: { ...query, cursor: query.cursor ?? undefined } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/auth/sessions/{session_id}', { params: { path: { session_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.sessions.all }),
  });
}
