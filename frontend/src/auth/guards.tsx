import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Role } from '../api/types';
import { errorMessage } from '../api/problem';
import { homePathFor, useAuth } from './AuthContext';

export function FullPageLoader({ label = 'Loading' }: { label?: string }) {
  return (
    <Center h="100vh" role="status" aria-live="polite">
      <Loader aria-label={label} />
    </Center>
  );
}

/** Renders children only for a signed-in user; otherwise goes to /login?next=… */
export function RequireAuth({ children }: { children?: ReactNode }) {
  const { me, isLoading, error, retry } = useAuth();
  const location = useLocation();
  if (isLoading) return <FullPageLoader />;
  if (error && !me) {
    const { title, detail } = errorMessage(error);
    return (
      <Center h="100vh" p="md">
        <Stack maw={420}>
          <Alert color="red" title={title} role="alert">
            {detail ?? 'We could not check whether you are signed in.'}
          </Alert>
          <Button onClick={retry}>Try again</Button>
        </Stack>
      </Center>
    );
  }
  if (!me) {
    const next = `${location.pathname}${location.search}`;
    const to = next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login';
    return <Navigate to={to} replace />;
  }
  // The business requires a second factor and this person has none: the Account page is where they set it up,
  // and the only page the API answers for them until then.
  if (me.two_factor_setup_required && location.pathname !== ACCOUNT_PATH) return <Navigate to={ACCOUNT_PATH} replace />;
  return children ?? <Outlet />;
}

const ACCOUNT_PATH = '/account';

/** For pages a role may not use; sends them to their home page instead. */
export function RequireRole({ roles, children }: { roles: Role[]; children?: ReactNode }) {
  const { me } = useAuth();
  if (!me) return null;
  if (!roles.includes(me.user.role)) return <Navigate to={homePathFor(me.user.role)} replace />;
  return children ?? <Outlet />;
}

export function HomeRedirect() {
  const { me } = useAuth();
  return <Navigate to={me ? homePathFor(me.user.role) : '/login'} replace />;
}
