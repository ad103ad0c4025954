import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { isEmail, useForm } from '@mantine/form';
import { Link } from 'react-router';
import { useRequestPasswordReset } from '../../api/hooks/auth';
import { AuthCard } from '../../components/AuthCard';
import { ErrorAlert } from '../../components/ErrorAlert';
import { focusFirstError } from '../../lib/useServerForm';

export default function ForgotPasswordPage() {
  const reset = useRequestPasswordReset();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '' },
    validate: { email: isEmail('Enter a valid e-mail address') },
  });

  return (
    <AuthCard title="Reset your password" subtitle="We'll e-mail you a link to choose a new password.">
      {reset.isSuccess ? (
        <Alert color="green" role="status" title="Check your e-mail">
          If an account exists, we've sent a link.
        </Alert>
      ) : (
        <form onSubmit={form.onSubmit((v) => reset.mutate({ email: v.email.trim() }), focusFirstError)} noValidate>
          <Stack>
            <ErrorAlert error={reset.error} />
            <TextInput
              label="E-mail"
              type="email"
              autoComplete="email"
              required
              key={form.key('email')}
              {...form.getInputProps('email')}
            />
            <Button type="submit" loading={reset.isPending} fullWidth>
              Send reset link
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" ta="center">
        Back to sign in
      </Anchor>
    </AuthCard>
  );
}
