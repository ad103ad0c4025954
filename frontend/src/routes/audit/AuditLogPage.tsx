import { Code, Table, Text } from '@mantine/core';
import { useAuditEvents } from '../../api/hooks/audit';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime } from '../../lib/format';
import { useCursorPager } from '../../lib/useCursorPager';

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
                <Table.Th scope="col">Object</Table.Th>
                <Table.Th scope="col">IP address</Table.Th>
                <Table.Th scope="col">Request id</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.occurred_at)}</Table.Td>
                  <Table.Td>{e.actor_email ?? (e.actor_id ? e.actor_id : 'System')}</Table.Td>
                  <Table.Td>
                    <Code>{e.action}</Code>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {e.object_type ? `${e.object_type}${e.object_id ? ` ${e.object_id}` : ''}` : '—'}
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
