import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  Modal,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { isInRange, isNotEmpty, useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useApiTokens, useCreateApiToken, useRevokeApiToken } from '../../api/hooks/tokens';
import type { ApiToken, ApiTokenCreated, TokenScope } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { ShownOnceSecret } from '../../components/ShownOnceSecret';
import { Pager } from '../../components/Pager';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime } from '../../lib/format';
import { useCursorPager } from '../../lib/useCursorPager';
import { focusFirstError, useServerForm } from '../../lib/useServerForm';
import { notify } from '../../lib/notify';
import { MAX_LENGTH } from '../../api/limits';

export function ApiTokensCard() {
  const pager = useCursorPager('tokens');
  const tokens = useApiTokens({ limit: 25, cursor: pager.cursor });
  const revoke = useRevokeApiToken();
  const [createOpened, create] = useDisclosure(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const items = tokens.data?.items ?? [];

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="tokens-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="h4" id="tokens-heading">
          API tokens
        </Title>
        <Button size="sm" onClick={create.open}>
          New token
        </Button>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        Personal tokens let scripts and integrations use the API as you. Send them as{' '}
        <Code>Authorization: Bearer &lt;token&gt;</Code>.
      </Text>

      {tokens.error ? (
        <ErrorAlert error={tokens.error} title="Could not load API tokens" onRetry={() => void tokens.refetch()} />
      ) : tokens.isPending ? (
        <TableSkeleton rows={2} label="Loading API tokens" />
      ) : items.length === 0 ? (
        <Text size="sm">You have no API tokens.</Text>
      ) : (
        <Table.ScrollContainer minWidth={600} type="native">
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Scopes</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
                <Table.Th scope="col">Last used</Table.Th>
                <Table.Th scope="col">
                  <span className="mantine-visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>{t.name}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {t.scopes.map((s) => (
                        <Badge key={s} size="sm" variant="light" color={s === 'write' ? 'orange' : 'blue'}>
                          {s}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatDateTime(t.created_at)}</Table.Td>
                  <Table.Td>{t.expires_at ? formatDateTime(t.expires_at) : 'Never'}</Table.Td>
                  <Table.Td>{t.last_used_at ? formatDateTime(t.last_used_at) : 'Never'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="outline"
                      color="red"
                      onClick={() => setRevoking(t)}
                      aria-label={`Revoke token ${t.name}`}
                    >
                      Revoke
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        nextCursor={tokens.data?.next_cursor}
        onNext={pager.next}
        onPrevious={pager.previous}
        loading={tokens.isFetching}
        label="API token pages"
      />

      <CreateTokenModal opened={createOpened} onClose={create.close} />
      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke API token?"
        confirmLabel="Revoke"
        loading={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notify({ color: 'green', message: `Token “${revoking.name}” revoked` });
              setRevoking(null);
            },
          })
        }
      >
        Anything using “{revoking?.name}” will stop working immediately.
      </ConfirmDialog>
    </Card>
  );
}

function CreateTokenModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const createToken = useCreateApiToken();
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const form = useForm<{ name: string; scopes: TokenScope[]; expires_in_days: number | string }>({
    mode: 'uncontrolled',
    initialValues: { name: '', scopes: ['read'], expires_in_days: 90 },
    validate: {
      name: isNotEmpty('Give the token a name'),
      scopes: (v) => (v.length === 0 ? 'Choose at least one scope' : null),
      expires_in_days: isInRange({ min: 1, max: 365 }, 'Between 1 and 365 days'),
    },
  });
  const server = useServerForm(form, ['name', 'scopes', 'expires_in_days']);

  const close = () => {
    // The secret is shown once: forget it when the dialog closes.
    setCreated(null);
    form.reset();
    server.clear();
    onClose();
  };

  const submit = form.onSubmit((values) =>
    void server.run(async () => {
      const token = await createToken.mutateAsync({
        name: values.name.trim(),
        scopes: values.scopes,
        expires_in_days: Number(values.expires_in_days),
      });
      setCreated(token);
    }),
  focusFirstError);

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Copy your new token' : 'New API token'}
      centered
      closeOnClickOutside={!created}
    >
      {created ? (
        <Stack>
          <Alert color="orange" title="Copy this token now" role="alert">
            It will not be shown again. Store it somewhere safe, like a password manager.
          </Alert>
          <ShownOnceSecret label={`Token “${created.name}”`} value={created.token} copyLabel="Copy token" onDone={close} testId="new-api-token" />
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
            <TextInput
              label="Name"
              description="What will use this token?"
              required
              data-autofocus
              key={form.key('name')}
              {...form.getInputProps('name')} maxLength={MAX_LENGTH.ApiTokenIn.name}
            />
            <Checkbox.Group label="Scopes" required key={form.key('scopes')} {...form.getInputProps('scopes')}>
              <Stack gap="xs" mt="xs">
                <Checkbox value="read" label="Read — view data" />
                <Checkbox value="write" label="Write — create and change data" />
              </Stack>
            </Checkbox.Group>
            <NumberInput
              label="Expires after (days)"
              min={1}
              max={365}
              allowDecimal={false}
              required
              key={form.key('expires_in_days')}
              {...form.getInputProps('expires_in_days')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={createToken.isPending}>
                Create token
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
