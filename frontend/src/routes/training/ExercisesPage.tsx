import { Badge, Button, Drawer, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useExercise, useExerciseFacets, useExercises } from '../../api/hooks/training';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useCursorPager } from '../../lib/useCursorPager';
import { ExerciseDetail } from './ExerciseDetail';
import { ExerciseFilters, NO_FILTERS, type ExerciseFilterValues } from './ExerciseFilters';
import { facetLabel } from './exerciseLabels';
import { NewExerciseModal } from './NewExerciseModal';

export default function ExercisesPage() {
  const facets = useExerciseFacets();
  const [filters, setFilters] = useState<ExerciseFilterValues>(NO_FILTERS);
  const [q] = useDebouncedValue(filters.q.trim(), 250);
  const params = {
    q: q || undefined,
    muscle: filters.muscle ?? undefined,
    equipment: filters.equipment ?? undefined,
    category: filters.category ?? undefined,
    limit: 30,
  };
  const pager = useCursorPager(JSON.stringify(params));
  const list = useExercises({ ...params, cursor: pager.cursor });
  const [openId, setOpenId] = useState<string | null>(null);
  const detail = useExercise(openId);
  const [creating, setCreating] = useState(false);
  const items = list.data?.items ?? [];
  const filtered = Boolean(q || filters.muscle || filters.equipment || filters.category);

  return (
    <>
      <PageHeader title="Exercises" actions={<Button onClick={() => setCreating(true)}>New exercise</Button>}>
        <Text c="dimmed" size="sm">
          The built-in library and your studio&apos;s own exercises.
        </Text>
      </PageHeader>
      <Paper withBorder p="md" mb="md">
        <ExerciseFilters value={filters} onChange={setFilters} facets={facets.data} />
      </Paper>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.isPending ? (
        <TableSkeleton rows={6} />
      ) : items.length === 0 ? (
        <EmptyState
          title={filtered ? 'No exercises match' : 'No exercises yet'}
          action={
            filtered ? (
              <Button variant="default" onClick={() => setFilters(NO_FILTERS)}>
                Clear filters
              </Button>
            ) : undefined
          }
        >
          {filtered ? 'Try fewer filters or another word.' : 'Add your first custom exercise.'}
        </EmptyState>
      ) : (
        <Stack gap="xs" component="ul" aria-label="Exercises" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((ex) => (
            <li key={ex.id}>
              <UnstyledButton
                onClick={() => setOpenId(ex.id)}
                w="100%"
                p="sm"
                className="list-button"
                aria-label={`${ex.name}, details`}
              >
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <div>
                    <Text fw={600}>{ex.name}</Text>
                    <Text size="sm" c="dimmed">
                      {ex.primary_muscles.map((m) => facetLabel(facets.data, 'muscles', m)).join(', ')} ·{' '}
                      {ex.equipment.map((e) => facetLabel(facets.data, 'equipment', e)).join(', ')}
                    </Text>
                  </div>
                  <Group gap={4} wrap="nowrap">
                    {ex.source === 'custom' ? (
                      <Badge variant="outline" color="teal" size="sm">
                        Custom
                      </Badge>
                    ) : null}
                    <Badge variant="light" size="sm">
                      {facetLabel(facets.data, 'categories', ex.category)}
                    </Badge>
                  </Group>
                </Group>
              </UnstyledButton>
            </li>
          ))}
        </Stack>
      )}
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        nextCursor={list.data?.next_cursor}
        onPrevious={pager.previous}
        onNext={pager.next}
        loading={list.isFetching}
        label="Exercise pages"
      />
      <Drawer
        opened={openId !== null}
        onClose={() => setOpenId(null)}
        position="right"
        size="md"
        title={detail.data?.name ?? 'Exercise'}
      >
        <ErrorAlert error={detail.error} />
        {detail.data ? <ExerciseDetail exercise={detail.data} facets={facets.data} /> : null}
      </Drawer>
      <NewExerciseModal opened={creating} onClose={() => setCreating(false)} facets={facets.data} onCreated={(e) => setOpenId(e.id)} />
    </>
  );
}
