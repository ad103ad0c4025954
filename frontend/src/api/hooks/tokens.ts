import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../client';
import type { TokenScope } from '../types';
import { compact, queryKeys } from './keys';

export function useApiTokens(params: { limit?: number; cursor?: string | null }) {
  const query = compact({ ...params });
  return useQuery({
    queryKey: queryKeys.tokens.list(query),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/auth/tokens', { params: { query: { ...query, cursor: query.cursor ?? undefined } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; scopes: TokenScope[]; expires_in_days: number }) =>
      call(api.POST('/api/v1/auth/tokens', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens.all }),
    meta: { inlineErrors: true },
  });
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/auth/tokens/{token_id}', { params: { path: { token_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens.all }),
  });
}
