import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../client';
import { queryKeys } from './keys';

export function useTwoFactorStatus() {
  return useQuery({
    queryKey: queryKeys.twoFactor,
    queryFn: ({ signal }) => call(api.GET('/api/v1/auth/two-factor', { signal })),
  });
}

export function useStartTwoFactor() {
  return useMutation({ mutationFn: () => call(api.POST('/api/v1/auth/two-factor/setup')) });
}

export function useEnableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { code: string; password: string }) => call(api.POST('/api/v1/auth/two-factor/enable', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.twoFactor });
      void queryClient.invalidateQueries({ queryKey: queryKeys.me }); // a required set-up is done: the app opens
    },
    meta: { inlineErrors: true },
  });
}

export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => call(api.POST('/api/v1/auth/two-factor/disable', { body: { password } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.twoFactor }),
    meta: { inlineErrors: true },
  });
}
