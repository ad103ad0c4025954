import { Button, Card, Checkbox, Group, PasswordInput, Stack, Title } from '@mantine/core';
import { hasLength, isNotEmpty, useForm } from '@mantine/form';
import { useChangePassword } from '../../api/hooks/auth';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { type CredentialsEnded, endedSentence } from '../../lib/passwordForm';
import { focusFirstError, useServerForm } from '../../lib/useServerForm';
import { notify } from '../../lib/notify';

const FIELDS = ['current_password', 'new_password'];

export function ChangePasswordCard() {
  const change = useChangePassword();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { current_password: '', new_password: '', confirm: '', revoke_api_access: true },
    validate: {
      current_password: isNotEmpty('Enter your current password'),
      new_password: hasLength({ min: 8 }, 'Use at least 8 characters'),
      confirm: (v, values) => (v !== values.new_password ? 'The passwords do not match' : null),
    },
  });
  const server = useServerForm(form, FIELDS);

  const submit = form.onSubmit(async (values) => {
    let ended: CredentialsEnded | undefined;
    const ok = await server.run(async () => {
      ended = await change.mutateAsync({
        current_password: values.current_password,
        new_password: values.new_password,
        revoke_api_access: values.revoke_api_access,
      });
    });
    if (ok && ended) {
      form.reset();
      notify({ color: 'green', title: 'Password changed', message: endedSentence(ended) });
    }
  }, focusFirstError);

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="password-heading">
      <Title order={2} fz="h4" mb="md" id="password-heading">
        Change password
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack maw={420}>
          <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            key={form.key('current_password')}
            {...form.getInputProps('current_password')}
          />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            required
            key={form.key('new_password')}
            {...form.getInputProps('new_password')}
          />
          <PasswordInput
            label="Confirm new password"
            autoComplete="new-password"
            required
            key={form.key('confirm')}
            {...form.getInputProps('confirm')}
          />
          <Checkbox
            label="Also revoke my API tokens and calendar feed links"
            description="Recommended if someone else may have known your password. Other sessions are signed out in any case."
            key={form.key('revoke_api_access')}
            {...form.getInputProps('revoke_api_access', { type: 'checkbox' })}
          />
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
