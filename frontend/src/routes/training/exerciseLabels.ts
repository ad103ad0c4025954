import type { ExerciseFacets } from '../../api/types';

/** value → label for a facet list ("lats" → "Lats"), falling back to the value itself. */
export function facetLabel(facets: ExerciseFacets | undefined, kind: keyof ExerciseFacets, value: string): string {
  return facets?.[kind].find((o) => o.value === value)?.label ?? value.replace(/_/g, ' ');
}

export function facetOptions(facets: ExerciseFacets | undefined, kind: keyof ExerciseFacets) {
  return facets?.[kind].map((o) => ({ value: o.value, label: o.label })) ?? [];
}
