import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { isEmail, isNotEmpty, useForm } from '@mantine/form';
import { useCreateInvitation } from '../../api/hooks/invitations';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useInvitationOutcome } from '../../components/InvitationOutcome';
import { focusFirstError, useServerForm } from '../../lib/useServerForm';
import { MAX_LENGTH } from '../../api/limits';

const FIELDS = ['email', 'full_name'];

export function InviteTrainerModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const invite = useCreateInvitation({ inlineErrors: true });
  const outcome = useInvitationOutcome();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', full_name: '' },
    validate: {
      email: isEmail('Enter a valid e-mail address'),
      full_name: isNotEmpty('Full name is required'),
    },
  });
  const server = useServerForm(form, FIELDS);

  const close = () => {
    form.reset();
    server.clear();
    onClose();
  };

  const submit = form.onSubmit(async (values) => {
    await server.run(async () => {
      const issued = await invite.mutateAsync({ role: 'trainer', email: values.email.trim(), full_name: values.full_name.trim() });
      outcome.announce(issued);
      close();
    });
  }, focusFirstError);

  return (
    <>
      <Modal opened={opened} onClose={close} title="Invite trainer" centered>
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
            <TextInput label="Full name" required data-autofocus key={form.key('full_name')} {...form.getInputProps('full_name')} maxLength={MAX_LENGTH.InvitationIn.full_name} />
            <TextInput label="E-mail" type="email" required key={form.key('email')} {...form.getInputProps('email')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={invite.isPending}>
                Create invitation
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {outcome.modal}
    </>
  );
}
