import { Badge, Group, List, Stack, Text, Title } from '@mantine/core';
import type { Exercise, ExerciseFacets } from '../../api/types';
import { facetLabel } from './exerciseLabels';

/** Steps or cues: one per line, or — for a single paragraph — one per sentence. */
function lines(text: string): string[] {
  const parts = text.includes('\n') ? text.split(/\n+/) : text.split(/(?<=[.!?])\s+(?=[A-Z])/);
  return parts
    .map((l) => l.replace(/^\s*(\d+[.)]|[-•*])\s*/, '').trim())
    .filter(Boolean);
}

/** Everything about one exercise: what it works, what it needs, how to do it and what to watch. */
export function ExerciseDetail({ exercise, facets }: { exercise: Exercise; facets?: ExerciseFacets }) {
  const steps = lines(exercise.instructions);
  const cues = lines(exercise.safety_cues);
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Badge variant="light">{facetLabel(facets, 'categories', exercise.category)}</Badge>
        <Badge variant="light" color="grape">
          {facetLabel(facets, 'difficulties', exercise.difficulty)}
        </Badge>
        <Badge variant="light" color="gray">
          {facetLabel(facets, 'mechanics', exercise.mechanics)}
        </Badge>
        {exercise.source === 'custom' ? (
          <Badge variant="outline" color="teal">
            Custom
          </Badge>
        ) : null}
      </Group>
      <Text size="sm">
        <Text span fw={600}>
          Works:{' '}
        </Text>
        {exercise.primary_muscles.map((m) => facetLabel(facets, 'muscles', m)).join(', ')}
        {exercise.secondary_muscles.length
          ? ` (also ${exercise.secondary_muscles.map((m) => facetLabel(facets, 'muscles', m)).join(', ')})`
          : ''}
      </Text>
      <Text size="sm">
        <Text span fw={600}>
          Equipment:{' '}
        </Text>
        {exercise.equipment.map((e) => facetLabel(facets, 'equipment', e)).join(', ')}
      </Text>
      {exercise.aliases.length ? (
        <Text size="sm" c="dimmed">
          Also known as {exercise.aliases.join(', ')}
        </Text>
      ) : null}
      <Title order={3} fz="h5" mt="xs">
        How to do it
      </Title>
      {steps.length ? (
        <List type="ordered" size="sm" spacing={4}>
          {steps.map((s) => (
            <List.Item key={s}>{s}</List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm" c="dimmed">
          No instructions yet.
        </Text>
      )}
      <Title order={3} fz="h5" mt="xs">
        Safety cues
      </Title>
      {cues.length ? (
        <List size="sm" spacing={4}>
          {cues.map((s) => (
            <List.Item key={s}>{s}</List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm" c="dimmed">
          None given.
        </Text>
      )}
    </Stack>
  );
}
