import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../client';
import type { InvitationIn, GeneratedSchemas } from '../types';
import { compact, queryKeys } from './keys';

export function useInvitations(params: { limit?: number; cursor?: string | null }) {
  const query = compact({ ...params });
  return useQuery({
    queryKey: queryKeys.invitations.list(query),
    queryFn: ({ signal }) =>
      call(
        api.GET('/api/v1/auth/invitations', {
          params: { query: { ...query, cursor: query.cursor ?? undefined } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useCreateInvitation(options: { inlineErrors?: boolean } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: InvitationIn) => call(api.POST('/api/v1/auth/invitations', { body: body as GeneratedSchemas['InvitationIn'] })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.invitations.all });
    },
    meta: { inlineErrors: options.inlineErrors ?? false },
  });
}

export function useRevokeInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/api/v1/auth/invitations/{invitation_id}', { params: { path: { invitation_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.invitations.all }),
  });
}
