import { Button, Group, Modal, ScrollArea, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useExerciseFacets, useExercises } from '../../api/hooks/training';
import type { Exercise } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ExerciseFilters, NO_FILTERS, type ExerciseFilterValues } from './ExerciseFilters';
import { facetLabel } from './exerciseLabels';

/** Picks an exercise from the library (search + filters) for a workout template. */
export function ExercisePickerModal({
  opened,
  onClose,
  onPick,
  title = 'Add an exercise',
}: {
  opened: boolean;
  onClose: () => void;
  onPick: (exercise: Exercise) => void;
  title?: string;
}) {
  const facets = useExerciseFacets();
  const [filters, setFilters] = useState<ExerciseFilterValues>(NO_FILTERS);
  const [q] = useDebouncedValue(filters.q.trim(), 250);
  const list = useExercises(
    {
      q: q || undefined,
      muscle: filters.muscle ?? undefined,
      equipment: filters.equipment ?? undefined,
      category: filters.category ?? undefined,
      limit: 50,
    },
    opened,
  );
  const items = list.data?.items ?? [];
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      <Stack>
        <ExerciseFilters value={filters} onChange={setFilters} facets={facets.data} />
        <ErrorAlert error={list.error} />
        <ScrollArea.Autosize mah="50vh">
          <Stack gap={6} component="ul" aria-label="Matching exercises" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((ex) => (
              <Group component="li" key={ex.id} justify="space-between" wrap="nowrap" className="list-button" p="xs">
                <div>
                  <Text fw={600} size="sm">
                    {ex.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {ex.primary_muscles.map((m) => facetLabel(facets.data, 'muscles', m)).join(', ')}
                  </Text>
                </div>
                <Button size="xs" onClick={() => onPick(ex)} aria-label={`Add ${ex.name}`}>
                  Add
                </Button>
              </Group>
            ))}
            {!list.isPending && items.length === 0 ? (
              <Text c="dimmed" size="sm">
                No exercises match.
              </Text>
            ) : null}
            {list.data?.next_cursor ? (
              <Text component="li" c="dimmed" size="sm">
                More exercises match: narrow the search or the filters to find them.
              </Text>
            ) : null}
          </Stack>
        </ScrollArea.Autosize>
      </Stack>
    </Modal>
  );
}
