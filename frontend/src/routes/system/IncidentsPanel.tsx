import {
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useAddIncidentUpdate, useCreateIncident, useIncidents } from '../../api/hooks/status';
import type { ComponentKey, Incident, IncidentImpact, IncidentStatus } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { IncidentCard } from '../../components/IncidentCard';
import { Pager } from '../../components/Pager';
import { TableSkeleton } from '../../components/TableSkeleton';
import { notify } from '../../lib/notify';
import { COMPONENT_NAMES, IMPACT_LABELS, INCIDENT_STATUS_LABELS } from '../../lib/status';
import { useCursorPager } from '../../lib/useCursorPager';
import { useServerForm } from '../../lib/useServerForm';
import { MAX_LENGTH } from '../../api/limits';

const NEW_FIELDS = ['title', 'impact', 'components', 'status', 'message'] as const;
const UPDATE_FIELDS = ['status', 'message'] as const;
const STATUS_OPTIONS = (Object.keys(INCIDENT_STATUS_LABELS) as IncidentStatus[]).map((value) => ({
  value,
  label: INCIDENT_STATUS_LABELS[value],
}));
const IMPACT_OPTIONS = (Object.keys(IMPACT_LABELS) as IncidentImpact[]).map((value) => ({
  value,
  label: value === 'degraded' ? 'Degraded: slow or partly failing' : 'Outage: not working',
}));

/** The status an admin most likely posts next; none for a resolved incident, so reopening is always a choice. */
export function nextStatus(current: IncidentStatus): IncidentStatus | null {
  switch (current) {
    case 'investigating':
      return 'identified';
    case 'identified':
      return 'monitoring';
    case 'monitoring':
      return 'resolved';
    case 'resolved':
      return null;
  }
}

// The server refuses `resolved` on a resolved incident: only the statuses that reopen it are offered.
const REOPEN_OPTIONS = STATUS_OPTIONS.filter((o) => o.value !== 'resolved');

/** What the update form's button says for the chosen status. */
export function updateButtonLabel(current: IncidentStatus, chosen: IncidentStatus | null): string {
  if (chosen === 'resolved') return 'Resolve';
  if (current === 'resolved' && chosen !== null) return 'Reopen incident';
  return 'Post update';
}

interface NewValues {
  title: string;
  impact: IncidentImpact;
  components: ComponentKey[];
  status: IncidentStatus;
  message: string;
}

function NewIncidentForm() {
  const create = useCreateIncident();
  const form = useForm<NewValues>({
    initialValues: { title: '', impact: 'degraded', components: [], status: 'investigating', message: '' },
    validate: {
      title: (v) => (v.trim() ? null : 'Give the incident a short public title.'),
      components: (v) => (v.length ? null : 'Pick at least one affected component.'),
      message: (v) => (v.trim() ? null : 'Say what people see and what you are doing about it.'),
    },
  });
  const server = useServerForm(form, NEW_FIELDS);
  const submit = form.onSubmit(async (values) => {
    const ok = await server.run(() =>
      create.mutateAsync({ ...values, title: values.title.trim(), message: values.message.trim() }),
    );
    if (ok) {
      form.reset();
      notify({ color: 'green', message: 'Incident posted on the status page.' });
    }
  });
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby="new-incident-heading">
      <Title order={2} fz="h4" mb="xs" id="new-incident-heading">
        Post an incident
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Everything here is public on the status page. Until it is resolved, the components you pick show at least
        the impact you choose.
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
          <TextInput label="Title" required maxLength={MAX_LENGTH.IncidentIn.title} {...form.getInputProps('title')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Impact"
              data={IMPACT_OPTIONS}
              allowDeselect={false}
              {...form.getInputProps('impact')}
            />
            <Select label="Status" data={STATUS_OPTIONS} allowDeselect={false} {...form.getInputProps('status')} />
          </SimpleGrid>
          <Checkbox.Group label="Affected components" required {...form.getInputProps('components')}>
            <Group mt="xs" gap="md">
              {(Object.keys(COMPONENT_NAMES) as ComponentKey[]).map((key) => (
                <Checkbox key={key} value={key} label={COMPONENT_NAMES[key]} />
              ))}
            </Group>
          </Checkbox.Group>
          <Textarea
            label="Message"
            description="The first update of the timeline."
            required
            autosize
            minRows={3}
            maxLength={MAX_LENGTH.IncidentUpdateIn.message}
            {...form.getInputProps('message')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              Post incident
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function PostUpdateForm({ incident }: { incident: Incident }) {
  const post = useAddIncidentUpdate(incident.id);
  const wasResolved = incident.status === 'resolved';
  const form = useForm<{ status: IncidentStatus | null; message: string }>({
    initialValues: { status: nextStatus(incident.status), message: '' },
    validate: {
      status: (v) => (v ? null : 'Pick the status to reopen the incident with.'),
      message: (v) => (v.trim() ? null : 'Write what changed.'),
    },
  });
  const server = useServerForm(form, UPDATE_FIELDS);
  const submit = form.onSubmit(async ({ status, message }) => {
    if (!status) return; // the validation above already said so
    const ok = await server.run(() => post.mutateAsync({ status, message: message.trim() }));
    if (ok) {
      const done = status === 'resolved' ? 'Incident resolved.' : wasResolved ? 'Incident reopened.' : null;
      notify({ color: 'green', message: done ?? 'Update posted on the status page.' });
    }
  });
  const chosen = form.values.status;
  const resolving = chosen === 'resolved';
  return (
    <form onSubmit={submit} noValidate aria-label={`Post an update to ${incident.title}`}>
      <Stack gap="xs" mt="md" pt="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
        <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
        <Group align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="New status"
            data={wasResolved ? REOPEN_OPTIONS : STATUS_OPTIONS}
            allowDeselect={false}
            placeholder={wasResolved ? 'Pick to reopen' : undefined}
            w={180}
            {...form.getInputProps('status')}
          />
          <Textarea
            label="Update"
            required
            autosize
            minRows={1}
            maxLength={MAX_LENGTH.IncidentUpdateIn.message}
            style={{ flex: '1 1 260px' }}
            {...form.getInputProps('message')}
          />
          <Button
            type="submit"
            loading={post.isPending}
            disabled={chosen === null}
            color={resolving ? 'green.9' : undefined}
          >
            {updateButtonLabel(incident.status, chosen)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function IncidentsPanel() {
  const pager = useCursorPager('incidents');
  const incidents = useIncidents(pager.cursor);
  const items = incidents.data?.items ?? [];
  return (
    <Stack>
      <NewIncidentForm />
      <Title order={2} fz="h4">
        Incidents
      </Title>
      {incidents.error ? (
        <ErrorAlert
          error={incidents.error}
          title="Could not load the incidents"
          onRetry={() => void incidents.refetch()}
        />
      ) : incidents.isPending ? (
        <TableSkeleton label="Loading incidents" rows={3} />
      ) : items.length === 0 ? (
        <EmptyState title="No incidents posted yet">The public status page shows what the checks see.</EmptyState>
      ) : (
        items.map((incident) => (
          <IncidentCard key={incident.id} incident={incident}>
            {/* keyed by the timeline length: after a post the form starts over with the next likely status */}
            <PostUpdateForm key={`${incident.id}-${incident.updates.length}`} incident={incident} />
          </IncidentCard>
        ))
      )}
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        nextCursor={incidents.data?.next_cursor}
        onNext={pager.next}
        onPrevious={pager.previous}
        loading={incidents.isFetching}
        label="Incident pages"
      />
    </Stack>
  );
}
