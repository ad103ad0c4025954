import { Button, Group, Modal, MultiSelect, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useCreateExercise } from '../../api/hooks/training';
import type { Exercise, ExerciseFacets, ExerciseIn } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { notify } from '../../lib/notify';
import { useServerForm } from '../../lib/useServerForm';
import { facetOptions } from './exerciseLabels';
import { MAX_LENGTH } from '../../api/limits';

const FIELDS = [
  'name',
  'category',
  'primary_muscles',
  'secondary_muscles',
  'equipment',
  'difficulty',
  'mechanics',
  'tracking',
  'instructions',
  'safety_cues',
  'aliases',
] as const;

interface Values {
  name: string;
  category: string;
  primary_muscles: string[];
  secondary_muscles: string[];
  equipment: string[];
  difficulty: string;
  mechanics: string;
  tracking: string;
  instructions: string;
  safety_cues: string;
  aliases: string;
}

export function NewExerciseModal({
  opened,
  onClose,
  facets,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  facets?: ExerciseFacets;
  onCreated?: (exercise: Exercise) => void;
}) {
  const create = useCreateExercise();
  const form = useForm<Values>({
    initialValues: {
      name: '',
      category: 'strength',
      primary_muscles: [],
      secondary_muscles: [],
      equipment: [],
      difficulty: 'beginner',
      mechanics: 'compound',
      tracking: 'load_reps',
      instructions: '',
      safety_cues: '',
      aliases: '',
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Give the exercise a name.'),
      primary_muscles: (v) => (v.length ? null : 'Pick at least one muscle.'),
      equipment: (v) => (v.length ? null : 'Pick what it needs ("Bodyweight" when nothing).'),
    },
  });
  const server = useServerForm(form, FIELDS);

  const submit = form.onSubmit(async (values) => {
    const body: ExerciseIn = {
      ...values,
      name: values.name.trim(),
      aliases: values.aliases
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    } as ExerciseIn;
    const ok = await server.run(async () => {
      const created = await create.mutateAsync(body);
      notify({ color: 'green', message: `${created.name} added to the library` });
      onCreated?.(created);
    });
    if (ok) {
      form.reset();
      onClose();
    }
  });

  return (
    <Modal opened={opened} onClose={onClose} title="New custom exercise" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
          <TextInput label="Name" required {...form.getInputProps('name')} maxLength={MAX_LENGTH.ExerciseIn.name} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="Category" data={facetOptions(facets, 'categories')} allowDeselect={false} {...form.getInputProps('category')} />
            <Select label="Tracks" data={facetOptions(facets, 'tracking')} allowDeselect={false} {...form.getInputProps('tracking')} />
            <Select label="Difficulty" data={facetOptions(facets, 'difficulties')} allowDeselect={false} {...form.getInputProps('difficulty')} />
            <Select label="Mechanics" data={facetOptions(facets, 'mechanics')} allowDeselect={false} {...form.getInputProps('mechanics')} />
          </SimpleGrid>
          <MultiSelect label="Primary muscles" required searchable data={facetOptions(facets, 'muscles')} {...form.getInputProps('primary_muscles')} />
          <MultiSelect label="Secondary muscles" searchable data={facetOptions(facets, 'muscles')} {...form.getInputProps('secondary_muscles')} />
          <MultiSelect label="Equipment" required searchable data={facetOptions(facets, 'equipment')} {...form.getInputProps('equipment')} />
          <Textarea label="Instructions" description="One step per line." autosize minRows={3} {...form.getInputProps('instructions')} />
          <Textarea label="Safety cues" description="One cue per line." autosize minRows={2} {...form.getInputProps('safety_cues')} />
          <TextInput label="Other names" description="Comma-separated, used by search." {...form.getInputProps('aliases')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Add exercise
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
