import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { previewInvitation, useAcceptInvitation } from '../../api/hooks/auth';
import { isApiError, problemToFieldErrors } from '../../api/problem';
import { homePathFor } from '../../auth/AuthContext';
import { PageLoader } from '../../components/PageLoader';
import { AuthCard } from '../../components/AuthCard';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ROLE_LABELS } from '../../lib/format';
import { useNewPasswordForm } from '../../lib/passwordForm';
import { focusFirstError } from '../../lib/useServerForm';

export default function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const form = useNewPasswordForm();

  const preview = useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: () => previewInvitation(token),
    enabled: Boolean(token),
    retry: false,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

  if (!token || (isApiError(preview.error) && [400, 404, 410].includes(preview.error.status))) {
    return (
      <AuthCard title="Accept invitation">
        <Alert color="red" role="alert" title="This invitation is invalid, expired or already used">
          Ask the person who invited you to send a new invitation.
        </Alert>
        <Anchor component={Link} to="/login" size="sm">
          Go to sign in
        </Anchor>
      </AuthCard>
    );
  }
  if (preview.isPending) {
    return (
      <AuthCard title="Accept invitation">
        <PageLoader label="Checking your invitation" />
      </AuthCard>
    );
  }
  if (preview.error) {
    return (
      <AuthCard title="Accept invitation">
        <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} />
      </AuthCard>
    );
  }

  const invitation = preview.data;
  const submit = form.onSubmit((values) =>
    accept.mutate(
      { token, password: values.password },
      {
        onSuccess: (me) => navigate(homePathFor(me.user.role), { replace: true }),
        onError: (error) => {
          if (isApiError(error) && error.status === 422) {
            const { fieldErrors } = problemToFieldErrors(error.problem);
            const message = fieldErrors.password ?? fieldErrors.new_password;
            if (message) form.setFieldError('password', message);
          }
        },
      },
    ),
  focusFirstError);

  return (
    <AuthCard
      title="Accept invitation"
      subtitle={
        <>
          {invitation.full_name ? `Welcome, ${invitation.full_name}. ` : 'Welcome. '}
          Choose a password to finish setting up your {ROLE_LABELS[invitation.role].toLowerCase()} account.
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <ErrorAlert error={accept.isError && !(isApiError(accept.error) && accept.error.status === 422 && form.errors.password) ? accept.error : null} />
          <TextInput label="E-mail" value={invitation.email} readOnly autoComplete="username" />
          <Text size="sm">
            Role: <strong>{ROLE_LABELS[invitation.role]}</strong>
          </Text>
          <PasswordInput
            label="Password"
            autoComplete="new-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label="Confirm password"
            autoComplete="new-password"
            required
            key={form.key('confirm')}
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" loading={accept.isPending} fullWidth>
            Create account and sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
