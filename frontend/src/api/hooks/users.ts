import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../client';
import type { ListedUser, Role, UserDeactivated } from '../types';
import { compact, queryKeys } from './keys';

export interface UserListParams {
  q?: string;
  role?: Role;
  status?: ListedUser['status'];
  limit?: number;
  cursor?: string | null;
}

export function useUsers(params: UserListParams) {
  const query = compact({ ...params });
  return useQuery({
    queryKey: queryKeys.users.list(query),
    queryFn: ({ signal }) =>
      call(api.GET('/api/v1/users', { params: { query: { ...query, cursor: query.cursor ?? undefined } }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** Switch a login off or back on. Trainers' and clients' pages show whether they have a login, so they refresh too. */
export function useSwitchUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ user, on }: { user: ListedUser; on: boolean }): Promise<{ user: ListedUser; ended: UserDeactivated | null }> => {
      const path = { params: { path: { user_id: user.id } } };
      return on
        ? call(api.POST('/api/v1/users/{user_id}/reactivate', path)).then((back) => ({ user: back, ended: null }))
        : call(api.POST('/api/v1/users/{user_id}/deactivate', path)).then((off) => ({ user: off.user, ended: off }));
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.users.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.trainers.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.clients.all });
    },
  });
}
