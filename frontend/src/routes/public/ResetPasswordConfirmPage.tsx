import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { useConfirmPasswordReset } from '../../api/hooks/auth';
import { isApiError, problemToFieldErrors } from '../../api/problem';
import { AuthCard } from '../../components/AuthCard';
import { ErrorAlert } from '../../components/ErrorAlert';
import { endedSentence, useNewPasswordForm } from '../../lib/passwordForm';
import { focusFirstError } from '../../lib/useServerForm';

export default function ResetPasswordConfirmPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useConfirmPasswordReset();
  const form = useNewPasswordForm();

  if (!token) {
    return (
      <AuthCard title="Choose a new password">
        <Alert color="red" role="alert" title="This link is incomplete">
          Open the link from the e-mail again, or request a new one.
        </Alert>
        <Anchor component={Link} to="/reset-password" size="sm">
          Request a new link
        </Anchor>
      </AuthCard>
    );
  }

  if (confirm.isSuccess) {
    return (
      <AuthCard title="Password changed">
        <Alert color="green" role="status" title="Your password has been changed">
          {endedSentence(confirm.data)} You can now sign in with your new password.
        </Alert>
        <Button component={Link} to="/login">
          Sign in
        </Button>
      </AuthCard>
    );
  }

  const badToken = isApiError(confirm.error) && [400, 404, 410].includes(confirm.error.status);

  return (
    <AuthCard title="Choose a new password">
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          confirm.mutate(
            { token, new_password: values.password },
            {
              onError: (error) => {
                if (isApiError(error) && error.status === 422) {
                  const { fieldErrors } = problemToFieldErrors(error.problem);
                  const message = fieldErrors.new_password ?? fieldErrors.password;
                  if (message) form.setFieldError('password', message);
                }
              },
            },
          ),
        focusFirstError)}
      >
        <Stack>
          {badToken ? (
            <Alert color="red" role="alert" title="This reset link is invalid or has expired">
              <Anchor component={Link} to="/reset-password" size="sm">
                Request a new link
              </Anchor>
            </Alert>
          ) : (
            <ErrorAlert error={confirm.error} />
          )}
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label="Confirm new password"
            autoComplete="new-password"
            required
            key={form.key('confirm')}
            {...form.getInputProps('confirm')}
          />
          <Button type="submit" loading={confirm.isPending} fullWidth>
            Set new password
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
