import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { isEmail, isNotEmpty, useForm } from '@mantine/form';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { useLogin } from '../../api/hooks/auth';
import { busyWaitSeconds, errorMessage, hasProblemType, isApiError, isBusy } from '../../api/problem';
import { homePathFor, safeNextPath, useAuth } from '../../auth/AuthContext';
import { AuthCard } from '../../components/AuthCard';
import { focusFirstError } from '../../lib/useServerForm';

const BUSY_TITLE = 'The site is busy';

export function loginErrorText(error: unknown): { title: string; detail?: string } {
  // Reached only after the automatic retry (useLogin) was busy too.
  if (isBusy(error)) return { title: BUSY_TITLE, detail: 'Many people are signing in right now. Please try again in a moment.' };
  if (isApiError(error)) {
    const type = error.problem.type;
    if (type.endsWith('/second-factor-required')) return { title: 'Enter your authentication code' };
    if (type.endsWith('/second-factor-invalid')) return { title: 'Incorrect authentication code' };
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

  // Once the server has asked for the second factor (the password was right), the form asks for the code too.
  const [askCode, setAskCode] = useState(false);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '', code: '' },
    validate: {
      email: isEmail('Enter a valid e-mail address'),
      password: isNotEmpty('Enter your password'),
      code: (value) => (askCode && !value.trim() ? 'Enter the code from your authenticator app' : null),
    },
  });

  if (me && !login.isPending) return <Navigate to={next ?? homePathFor(me.user.role)} replace />;

  const submit = form.onSubmit((values) => {
    login.mutate(
      { email: values.email.trim(), password: values.password, ...(askCode ? { code: values.code.trim() } : {}) },
      {
        onSuccess: (result) => navigate(next ?? homePathFor(result.user.role), { replace: true }),
        onError: (failure) => {
          if (hasProblemType(failure, 'second-factor-required')) setAskCode(true);
        },
      },
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
          {askCode ? (
            <TextInput
              label="Authentication code"
              description="The 6-digit code from your authenticator app, or one of your recovery codes."
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              autoFocus
              key={form.key('code')}
              {...form.getInputProps('code')}
            />
          ) : null}
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
