import { Badge, Button, Card, ColorInput, Group, Modal, NumberInput, SegmentedControl, Stack, Switch, Table, Text, Textarea, TextInput, VisuallyHidden } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useArchiveService, useSaveService, useServices } from '../../api/hooks/setup';
import type { Service, ServiceKind } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { SERVICE_KIND_LABELS } from '../../lib/scheduling';
import { useServerForm } from '../../lib/useServerForm';
import { MAX_LENGTH } from '../../api/limits';

const FIELDS = ['name', 'description', 'kind', 'duration_minutes', 'buffer_minutes', 'default_capacity', 'colour', 'client_bookable'] as const;

function ServiceModal({ service, onClose }: { service: Service | null; onClose: () => void }) {
  const save = useSaveService();
  const form = useForm({
    initialValues: {
      name: service?.name ?? '',
      description: service?.description ?? '',
      kind: (service?.kind ?? 'one_to_one') as ServiceKind,
      duration_minutes: (service?.duration_minutes ?? 60) as number | '',
      buffer_minutes: (service?.buffer_minutes ?? 0) as number | '',
      default_capacity: (service?.default_capacity ?? 10) as number | '',
      colour: service?.colour ?? '#228be6',
      client_bookable: service?.client_bookable ?? true,
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the service'),
      duration_minutes: (v) => (v !== '' && v >= 5 && v <= 720 ? null : 'From 5 to 720 minutes'),
      colour: (v) => (/^#[0-9a-f]{6}$/i.test(v) ? null : 'A colour like #228be6'),
    },
  });
  const server = useServerForm(form, FIELDS);
  const group = form.values.kind === 'group';
  const submit = form.onSubmit((v) =>
    void server
      .run(() =>
        save.mutateAsync({
          id: service?.id ?? null,
          body: {
            name: v.name.trim(),
            description: v.description.trim() || null,
            kind: v.kind,
            duration_minutes: Number(v.duration_minutes),
            buffer_minutes: v.buffer_minutes === '' ? 0 : v.buffer_minutes,
            ...(group ? { default_capacity: v.default_capacity === '' ? null : v.default_capacity } : {}),
            colour: v.colour.toLowerCase(),
            client_bookable: v.client_bookable,
          },
        }),
      )
      .then((ok) => ok && onClose()),
  );
  return (
    <Modal opened onClose={onClose} title={service ? `Edit ${service.name}` : 'New service'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
          <TextInput label="Name" required placeholder="PT session 60 min" {...form.getInputProps('name')} maxLength={MAX_LENGTH.ServiceIn.name} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="kind-label">
              Kind
            </Text>
            <SegmentedControl
              aria-labelledby="kind-label"
              data={[
                { value: 'one_to_one', label: SERVICE_KIND_LABELS.one_to_one },
                { value: 'group', label: SERVICE_KIND_LABELS.group },
              ]}
              {...form.getInputProps('kind')}
            />
          </Stack>
          <Group grow align="flex-start">
            <NumberInput label="Duration (minutes)" required min={5} max={720} allowDecimal={false} {...form.getInputProps('duration_minutes')} />
            <NumberInput label="Buffer after (minutes)" min={0} max={240} allowDecimal={false} {...form.getInputProps('buffer_minutes')} />
            {group ? <NumberInput label="Default capacity" min={1} max={500} allowDecimal={false} {...form.getInputProps('default_capacity')} /> : null}
          </Group>
          <ColorInput label="Colour" format="hex" {...form.getInputProps('colour')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} maxLength={MAX_LENGTH.ServiceIn.description} />
          <Switch label="Clients can book it in the portal" {...form.getInputProps('client_bookable', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={save.isPending}>
              {service ? 'Save service' : 'Create service'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ServicesPanel() {
  const [showArchived, setShowArchived] = useState(false);
  const services = useServices(showArchived);
  const archive = useArchiveService();
  const [editing, setEditing] = useState<Service | null | 'new'>(null);
  return (
    <Stack>
      <Group justify="space-between">
        <Switch label="Show archived" checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} />
        <Button onClick={() => setEditing('new')}>New service</Button>
      </Group>
      {services.isPending ? (
        <PageLoader label="Loading services" />
      ) : services.error ? (
        <ErrorAlert error={services.error} onRetry={() => void services.refetch()} />
      ) : services.data.length === 0 ? (
        <EmptyState title="No services yet">Add what clients can book, e.g. “PT session 60 min” or “HIIT class 45 min”.</EmptyState>
      ) : (
        <Card withBorder radius="md" p={0}>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" aria-label="Services">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Service</Table.Th>
                  <Table.Th>Kind</Table.Th>
                  <Table.Th>Duration</Table.Th>
                  <Table.Th>Capacity</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {services.data.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <span aria-hidden style={{ width: 12, height: 12, borderRadius: 6, background: s.colour, flex: 'none' }} />
                        <Text size="sm" td={s.archived_at ? 'line-through' : undefined}>
                          {s.name}
                        </Text>
                        {!s.client_bookable ? <Badge size="xs" variant="light" color="gray">Staff only</Badge> : null}
                      </Group>
                    </Table.Td>
                    <Table.Td>{SERVICE_KIND_LABELS[s.kind]}</Table.Td>
                    <Table.Td>
                      {s.duration_minutes} min{s.buffer_minutes ? ` + ${s.buffer_minutes}` : ''}
                    </Table.Td>
                    <Table.Td>{s.kind === 'group' ? s.default_capacity : '1'}</Table.Td>
                    <Table.Td ta="right">
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Button size="compact-sm" variant="subtle" onClick={() => setEditing(s)} aria-label={`Edit ${s.name}`}>
                          Edit
                        </Button>
                        <Button size="compact-sm" variant="subtle" color={s.archived_at ? 'blue' : 'red'} onClick={() => archive.mutate({ id: s.id, archive: !s.archived_at })} aria-label={`${s.archived_at ? 'Restore' : 'Archive'} ${s.name}`}>
                          {s.archived_at ? 'Restore' : 'Archive'}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      {editing ? <ServiceModal service={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </Stack>
  );
}
