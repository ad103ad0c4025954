import { Card, Table, Text, Title } from '@mantine/core';
import { usePersonalRecords } from '../../api/hooks/training';
import type { PersonalRecord } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../lib/format';
import { formatRecordValue, type LoadUnit, RECORD_LABELS } from '../../lib/units';

/** The client's current bests, one row per exercise and kind, e1RM first. */
export function RecordsCard({ clientId, unit }: { clientId: string; unit: LoadUnit }) {
  const records = usePersonalRecords(clientId);
  const items = [...(records.data?.items ?? [])].sort(
    (a: PersonalRecord, b: PersonalRecord) =>
      (a.exercise_name ?? '').localeCompare(b.exercise_name ?? '') || a.kind.localeCompare(b.kind),
  );
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="records-heading">
      <Title order={2} fz="h4" id="records-heading" mb="xs">
        Personal records
      </Title>
      <ErrorAlert error={records.error} />
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {records.isPending ? 'Loading…' : 'Records appear here as workouts are logged.'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={360}>
          <Table striped aria-labelledby="records-heading">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Exercise</Table.Th>
                <Table.Th scope="col">Record</Table.Th>
                <Table.Th scope="col">Best</Table.Th>
                <Table.Th scope="col">When</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.exercise_name}</Table.Td>
                  <Table.Td>{RECORD_LABELS[r.kind]}</Table.Td>
                  <Table.Td fw={600}>{formatRecordValue(r.kind, r.value, unit)}</Table.Td>
                  <Table.Td>{formatDate(r.achieved_at.slice(0, 10))}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}
