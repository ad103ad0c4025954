import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { isEmail, isNotEmpty, useForm } from '@mantine/form';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useLogin } from '../../api/hooks/auth';
import { busyWaitSeconds, errorMessage, isApiError, isBusy } from '../../api/problem';
import { homePathFor, safeNextPath, useAuth } from '../../auth/AuthContext';
import { AuthCard } from '../../components/AuthCard';
import { focusFirstError } from '../../lib/useServerForm';

const BUSY_TITLE = 'The site is busy';

export function loginErrorText(error: unknown): { title: string; detail?: string } {
  // Reached only after the automatic retry (useLogin) was busy too.
  if (isBusy(error)) return { title: BUSY_TITLE, detail: 'Many people are signing in right now. Please try again in a moment.' };
  if (isApiError(error)) {
    if (error.status === 401) return { title: 'Incorrect e-mail or password' };
    if (error.status === 429) {
      const wait = error.retryAfter;
      return {
        title: wait != null ? `Too many attempts, try again in ${wait} s` : 'Too many attempts, try again later',
      };
    }
  }
  return errorMessage(error);
}

export default function LoginPage() {
  const { me } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = useLogin();
  const next = safeNextPath(params.get('next'));

  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: isEmail('Enter a valid e-mail address'),
      password: isNotEmpty('Enter your password'),
    },
  });

  if (me && !login.isPending) return <Navigate to={next ?? homePathFor(me.user.role)} replace />;

  const submit = form.onSubmit((values) => {
    login.mutate(
      { email: values.email.trim(), password: values.password },
      { onSuccess: (result) => navigate(next ?? homePathFor(result.user.role), { replace: true }) },
    );
  }, focusFirstError);

  const error = login.error ? loginErrorText(login.error) : null;
  // The first attempt was busy and useLogin is waiting out Retry-After before its one retry.
  const waitingToRetry = login.isPending && isBusy(login.failureReason) ? busyWaitSeconds(login.failureReason) : null;

  return (
    <AuthCard
      title="Sign in"
      footer={
        <Anchor component={Link} to="/status" size="sm" c="dimmed">
          Service status
        </Anchor>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {waitingToRetry != null ? (
            <Alert color="orange" role="status" title={BUSY_TITLE}>
              Many people are signing in right now. Trying again in {waitingToRetry} s…
            </Alert>
          ) : error ? (
            <Alert color="red" role="alert" title={error.title}>
              {error.detail}
            </Alert>
          ) : null}
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="username"
            required
            autoFocus
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={login.isPending} fullWidth>
            Sign in
          </Button>
          <Anchor component={Link} to="/reset-password" size="sm" ta="center">
            Forgot your password?
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}
