import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, call } from '../client';
import { setCsrfToken } from '../csrf';
import { busyWaitSeconds, isApiError, isBusy } from '../problem';
import type { GeneratedSchemas, LoginIn, Me } from '../types';
import { queryKeys } from './keys';

/** GET /auth/me; `null` when not signed in. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await call(api.GET('/api/v1/auth/me'));
    setCsrfToken(me.csrf_token);
    return me;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

function useSignedIn() {
  const queryClient = useQueryClient();
  return (me: Me) => {
    setCsrfToken(me.csrf_token);
    // Anything cached belongs to whoever was signed in before.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    queryClient.setQueryData(queryKeys.me, me);
  };
}

export function useLogin() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: LoginIn) => call(api.POST('/api/v1/auth/login', { body: body as GeneratedSchemas['LoginIn'] })),
    onSuccess: signedIn,
    // A sign-in storm answers 503 `busy` with Retry-After before hashing anything: try once more after it.
    retry: (failureCount, error) => failureCount < 1 && isBusy(error),
    retryDelay: (_failureCount, error) => busyWaitSeconds(error) * 1000,
    meta: { inlineErrors: true },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/logout')),
    onSettled: () => {
      // Signed-out state first, so nothing renders with the old user in between,
      // then drop everything cached for that user.
      setCsrfToken(null);
      queryClient.setQueryData(queryKeys.me, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { current_password: string; new_password: string; revoke_api_access: boolean }) =>
      call(api.POST('/api/v1/auth/password', { body })),
    // The server may rotate the session (and its CSRF token) on a password change, and may have revoked the API
    // tokens and calendar feeds the Account page lists: refetch what is on screen.
    onSuccess: () => queryClient.invalidateQueries(),
    meta: { inlineErrors: true },
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (body: { email: string }) => call(api.POST('/api/v1/auth/password-reset', { body })),
    meta: { inlineErrors: true },
  });
}

export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (body: { token: string; new_password: string }) =>
      call(api.POST('/api/v1/auth/password-reset/confirm', { body })),
    meta: { inlineErrors: true },
  });
}

export function previewInvitation(token: string) {
  return call(api.POST('/api/v1/auth/invitations/preview', { body: { token } }));
}

export function useAcceptInvitation() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: { token: string; password: string }) =>
      call(api.POST('/api/v1/auth/invitations/accept', { body })),
    onSuccess: signedIn,
    meta: { inlineErrors: true },
  });
}

/** PATCH /auth/me: the user's own preferences (today the unit system). */
export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { unit_system: 'metric' | 'imperial' }) => call(api.PATCH('/api/v1/auth/me', { body })),
    onSuccess: (me) => {
      queryClient.setQueryData(queryKeys.me, me);
      // Progress and logs are rendered in the user's units: fetch them again in the new ones.
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    },
  });
}
