import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { setTwoFactorSetupRequiredListener, setUnauthorizedListener } from '../api/client';
import { setCsrfToken } from '../api/csrf';
import { fetchMe } from '../api/hooks/auth';
import { queryKeys } from '../api/hooks/keys';
import type { Me, Role } from '../api/types';

interface AuthState {
  me: Me | null;
  isLoading: boolean;
  error: unknown;
  retry: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.me,
    queryFn: fetchMe,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

  useEffect(() => {
    // Any call answered 401 means the session ended: forget everything we
    // cached for this user; the route guard then sends them to /login.
    setUnauthorizedListener(() => {
      if (queryClient.getQueryData(queryKeys.me) === null) return;
      setCsrfToken(null);
      queryClient.setQueryData(queryKeys.me, null);
      void queryClient.cancelQueries();
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    });
    // The business started requiring a second factor: ask who we are again; the route guard then sends the user
    // to their Account page to set one up.
    setTwoFactorSetupRequiredListener(() => void queryClient.invalidateQueries({ queryKey: queryKeys.me }));
    return () => {
      setUnauthorizedListener(null);
      setTwoFactorSetupRequiredListener(null);
    };
  }, [queryClient]);

  const { data, isPending, error, refetch } = query;
  const value = useMemo<AuthState>(
    () => ({ me: data ?? null, isLoading: isPending, error, retry: () => void refetch() }),
    [data, isPending, error, refetch],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/** The signed-in user; only call below <RequireAuth>. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe called while signed out');
  return me;
}

/** Where a user lands after signing in: a client starts at today's training, staff at their clients. */
export function homePathFor(role: Role): string {
  return role === 'client' ? '/today' : '/clients';
}

/** Only same-site relative paths are accepted as a post-login destination. */
export function safeNextPath(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  if (next.startsWith('/login')) return null;
  return next;
}
