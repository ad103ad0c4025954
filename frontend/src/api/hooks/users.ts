import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../client';
import type { ListedUser, Role, TwoFactorRequirement, UserDeactivated } from '../types';
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

/** Whose logins must use a second factor. */
export function useTwoFactorRequirement() {
  return useQuery({
    queryKey: queryKeys.users.twoFactorRequirement,
    queryFn: ({ signal }) => call(api.GET('/api/v1/users/two-factor-requirement', { signal })),
  });
}

export function useSetTwoFactorRequirement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (requiredFor: TwoFactorRequirement) =>
      call(api.PUT('/api/v1/users/two-factor-requirement', { body: { required_for: requiredFor } })),
    meta: { inlineErrors: true },
    onSuccess: (answer) => queryClient.setQueryData(queryKeys.users.twoFactorRequirement, answer),
  });
}

/** Take someone's second factor off (a lost phone); their sign-in sessions end. */
export function useResetTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: ListedUser) =>
      call(api.POST('/api/v1/users/{user_id}/two-factor/reset', { params: { path: { user_id: user.id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.users.all }),
  });
}
