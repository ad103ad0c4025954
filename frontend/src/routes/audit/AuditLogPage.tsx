import { Anchor, Badge, Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import { useAuditEvents } from '../../api/hooks/audit';
import type { GeneratedSchemas } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime, ROLE_LABELS } from '../../lib/format';
import { useCursorPager } from '../../lib/useCursorPager';

type AuditEvent = GeneratedSchemas['AuditEventList']['items'][number];

// Pages that show one object of a kind, for links from the log.
const SUBJECT_PAGES: Partial<Record<string, (id: string) => string>> = {
  client: (id) => `/clients/${id}`,
  trainer: (id) => `/trainers/${id}`,
  program: (id) => `/programmes/${id}`,
  workout_template: (id) => `/programmes/workouts/${id}`,
};

function humanise(objectType: string): string {
  const words = objectType.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Who({ event }: { event: AuditEvent }) {
  if (!event.actor_id) return <Text size="sm">{event.actor_email ?? 'System'}</Text>;
  return (
    <Tooltip label={`User id ${event.actor_id}`} openDelay={300}>
      <Stack gap={0}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500}>
            {event.actor_name ?? event.actor_email ?? 'Removed user'}
          </Text>
          {event.actor_role ? (
            <Badge size="xs" variant="light">
              {ROLE_LABELS[event.actor_role]}
            </Badge>
          ) : null}
        </Group>
        {event.actor_name && event.actor_email ? (
          <Text size="xs" c="dimmed">
            {event.actor_email}
          </Text>
        ) : null}
      </Stack>
    </Tooltip>
  );
}

function About({ event }: { event: AuditEvent }) {
  const kind = humanise(event.object_type);
  if (!event.object_id) return <Text size="sm">{kind}</Text>;
  const page = SUBJECT_PAGES[event.object_type];
  // Sign-ins, password changes…: the actor's own account, already named under Who. Without a name (nothing to
  // name, or removed since) the short id still tells events apart.
  const own = event.object_type === 'user' && event.object_id === event.actor_id;
  const name = own ? 'Their own account' : (event.subject_label ?? `${event.object_id.slice(0, 8)}…`);
  return (
    <Tooltip label={`${kind} id ${event.object_id}`} openDelay={300}>
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          {kind}
        </Text>
        {page && event.subject_label ? (
          <Anchor component={Link} to={page(event.object_id)} size="sm">
            {name}
          </Anchor>
        ) : (
          <Text size="sm">{name}</Text>
        )}
      </Stack>
    </Tooltip>
  );
}

export default function AuditLogPage() {
  const pager = useCursorPager('audit');
  const events = useAuditEvents({ limit: 50, cursor: pager.cursor });
  const items = events.data?.items ?? [];

  return (
    <>
      <PageHeader title="Audit log">
        <Text size="sm" c="dimmed">
          Who did what, newest first. Reads of health data are recorded here too.
        </Text>
      </PageHeader>
      {events.error ? (
        <ErrorAlert error={events.error} title="Could not load the audit log" onRetry={() => void events.refetch()} />
      ) : events.isPending ? (
        <TableSkeleton label="Loading audit events" rows={10} />
      ) : items.length === 0 ? (
        <EmptyState title="No events recorded yet" />
      ) : (
        <Table.ScrollContainer minWidth={820} type="native">
          <Table striped verticalSpacing="xs" fz="sm" aria-busy={events.isFetching}>
            <Table.Caption>Audit events, page {pager.page}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">About</Table.Th>
                <Table.Th scope="col">IP address</Table.Th>
                <Table.Th scope="col">Request id</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.occurred_at)}</Table.Td>
                  <Table.Td>
                    <Who event={e} />
                  </Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <About event={e} />
                  </Table.Td>
                  <Table.Td>{e.ip ?? '—'}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{e.request_id ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        nextCursor={events.data?.next_cursor}
        onNext={pager.next}
        onPrevious={pager.previous}
        loading={events.isFetching}
        label="Audit log pages"
      />
    </>
  );
}
