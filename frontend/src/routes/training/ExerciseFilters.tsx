import { Select, SimpleGrid, TextInput } from '@mantine/core';
import type { ExerciseFacets } from '../../api/types';
import { facetOptions } from './exerciseLabels';

export interface ExerciseFilterValues {
  q: string;
  muscle: string | null;
  equipment: string | null;
  category: string | null;
}

export const NO_FILTERS: ExerciseFilterValues = { q: '', muscle: null, equipment: null, category: null };

export function ExerciseFilters({
  value,
  onChange,
  facets,
}: {
  value: ExerciseFilterValues;
  onChange: (next: ExerciseFilterValues) => void;
  facets?: ExerciseFacets;
}) {
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
      <TextInput
        label="Search exercises"
        placeholder="Name, alias, muscle…"
        type="search"
        value={value.q}
        onChange={(e) => onChange({ ...value, q: e.currentTarget.value })}
      />
      <Select
        label="Muscle"
        placeholder="Any muscle"
        data={facetOptions(facets, 'muscles')}
        value={value.muscle}
        onChange={(muscle) => onChange({ ...value, muscle })}
        clearable
        searchable
      />
      <Select
        label="Equipment"
        placeholder="Any equipment"
        data={facetOptions(facets, 'equipment')}
        value={value.equipment}
        onChange={(equipment) => onChange({ ...value, equipment })}
        clearable
        searchable
      />
      <Select
        label="Category"
        placeholder="Any category"
        data={facetOptions(facets, 'categories')}
        value={value.category}
        onChange={(category) => onChange({ ...value, category })}
        clearable
      />
    </SimpleGrid>
  );
}
