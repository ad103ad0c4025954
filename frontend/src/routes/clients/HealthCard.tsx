import { Alert, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useClientHealth, useUpdateClientHealth } from '../../api/hooks/clients';
import { isApiError } from '../../api/problem';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { formatDateTime } from '../../lib/format';
import { focusFirstError, useServerForm } from '../../lib/useServerForm';
import { notify } from '../../lib/notify';
import { MAX_LENGTH } from '../../api/limits';

const HEALTH_FIELDS = ['medical_conditions', 'injuries'];

export function HealthCard({ clientId, canEdit }: { clientId: string; canEdit: boolean }) {
  const health = useClientHealth(clientId);
  const [editing, setEditing] = useState(false);

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="health-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="h4" id="health-heading">
            Health notes
          </Title>
          {canEdit && health.data && !editing ? (
            <Button size="xs" variant="light" onClick={() => setEditing(true)}>
              Edit health notes
            </Button>
          ) : null}
        </Group>
        <Text size="xs" c="dimmed">
          Health data — access is logged
        </Text>
        {health.isPending ? (
          <PageLoader label="Loading health notes" />
        ) : health.error ? (
          isApiError(health.error) && (health.error.status === 403 || health.error.status === 404) ? (
            <Alert color="gray" title="Not available">
              You do not have access to this client's health notes.
            </Alert>
          ) : (
            <ErrorAlert error={health.error} onRetry={() => void health.refetch()} />
          )
        ) : editing ? (
          <HealthForm
            clientId={clientId}
            initial={{
              medical_conditions: health.data.medical_conditions ?? '',
              injuries: health.data.injuries ?? '',
            }}
            onDone={() => setEditing(false)}
          />
        ) : (
          <DescriptionList
            cols={1}
            items={[
              ['Medical conditions', health.data.medical_conditions],
              ['Injuries', health.data.injuries],
              ['Last updated', health.data.updated_at ? formatDateTime(health.data.updated_at) : null],
            ]}
          />
        )}
      </Stack>
    </Card>
  );
}

function HealthForm({
  clientId,
  initial,
  onDone,
}: {
  clientId: string;
  initial: { medical_conditions: string; injuries: string };
  onDone: () => void;
}) {
  const update = useUpdateClientHealth(clientId);
  const form = useForm({ mode: 'uncontrolled', initialValues: initial });
  const server = useServerForm(form, HEALTH_FIELDS);
  const submit = form.onSubmit(async (values) => {
    const ok = await server.run(() =>
      update.mutateAsync({
        medical_conditions: values.medical_conditions.trim() || null,
        injuries: values.injuries.trim() || null,
      }),
    );
    if (ok) {
      notify({ color: 'green', message: 'Health notes saved' });
      onDone();
    }
  }, focusFirstError);
  return (
    <form onSubmit={submit} noValidate aria-label="Health notes">
      <Stack gap="sm">
        <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
        <Textarea
          label="Medical conditions"
          autosize
          minRows={2}
          key={form.key('medical_conditions')}
          {...form.getInputProps('medical_conditions')} maxLength={MAX_LENGTH.HealthIn.medical_conditions}
        />
        <Textarea label="Injuries" autosize minRows={2} key={form.key('injuries')} {...form.getInputProps('injuries')} maxLength={MAX_LENGTH.HealthIn.injuries} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save health notes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
