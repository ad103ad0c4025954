import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  List,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useDuplicateTemplate, useSaveTemplate, useTemplate } from '../../api/hooks/training';
import type { BlockKind, Exercise } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { move } from '../../lib/programGrid';
import {
  blockProblems,
  type EditorBlock,
  type EditorExercise,
  exerciseLabel,
  fromBlocksOut,
  type LoadMode,
  newBlock,
  newExercise,
  type TargetMode,
  toBlocksIn,
} from '../../lib/templateEditor';
import { ExercisePickerModal } from './ExercisePickerModal';
import { MAX_LENGTH } from '../../api/limits';

const KIND_OPTIONS: { value: BlockKind; label: string }[] = [
  { value: 'single', label: 'Single exercise' },
  { value: 'superset', label: 'Superset' },
  { value: 'circuit', label: 'Circuit' },
];
const LOAD_OPTIONS: { value: LoadMode; label: string }[] = [
  { value: 'none', label: 'No load' },
  { value: 'kg', label: 'kg' },
  { value: 'lb', label: 'lb' },
  { value: 'percent_1rm', label: '% of 1RM' },
  { value: 'rpe', label: 'Target RPE' },
];
const TARGET_OPTIONS: { value: TargetMode; label: string }[] = [
  { value: 'reps', label: 'Exact reps' },
  { value: 'range', label: 'Rep range' },
  { value: 'time', label: 'Time' },
  { value: 'distance', label: 'Distance' },
];

const asNum = (v: string | number): number | '' => (v === '' ? '' : Number(v));

function MoveButtons({ what, index, count, onMove, onRemove }: {
  what: string;
  index: number;
  count: number;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  return (
    <Group gap={4} wrap="nowrap">
      <ActionIcon variant="default" size="lg" aria-label={`Move ${what} up`} disabled={index === 0} onClick={() => onMove(-1)}>
        <span aria-hidden>↑</span>
      </ActionIcon>
      <ActionIcon variant="default" size="lg" aria-label={`Move ${what} down`} disabled={index === count - 1} onClick={() => onMove(1)}>
        <span aria-hidden>↓</span>
      </ActionIcon>
      <ActionIcon variant="default" color="red" size="lg" aria-label={`Remove ${what}`} onClick={onRemove}>
        <span aria-hidden>×</span>
      </ActionIcon>
    </Group>
  );
}

function ExerciseEditor({ ex, label, onChange }: { ex: EditorExercise; label: string; onChange: (ex: EditorExercise) => void }) {
  const set = <K extends keyof EditorExercise>(key: K, value: EditorExercise[K]) => onChange({ ...ex, [key]: value });
  const name = `${label} ${ex.exercise_name}`;
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        <NumberInput label="Sets" aria-label={`${name} sets`} min={1} max={20} value={ex.sets} onChange={(v) => set('sets', Number(v) || 1)} />
        <Select
          label="Target"
          aria-label={`${name} target`}
          data={TARGET_OPTIONS}
          value={ex.targetMode}
          allowDeselect={false}
          onChange={(v) => set('targetMode', (v ?? 'reps') as TargetMode)}
        />
        {ex.targetMode === 'reps' ? (
          <NumberInput label="Reps" aria-label={`${name} reps`} min={1} max={100} value={ex.reps} onChange={(v) => set('reps', asNum(v))} />
        ) : null}
        {ex.targetMode === 'range' ? (
          <Group gap={4} grow wrap="nowrap">
            <NumberInput label="Min reps" min={1} max={100} value={ex.reps_min} onChange={(v) => set('reps_min', asNum(v))} />
            <NumberInput label="Max reps" min={1} max={100} value={ex.reps_max} onChange={(v) => set('reps_max', asNum(v))} />
          </Group>
        ) : null}
        {ex.targetMode === 'time' ? (
          <NumberInput label="Seconds" min={1} value={ex.duration_seconds} onChange={(v) => set('duration_seconds', asNum(v))} />
        ) : null}
        {ex.targetMode === 'distance' ? (
          <NumberInput label="Metres" min={1} value={ex.distance_m} onChange={(v) => set('distance_m', asNum(v))} />
        ) : null}
        <Group gap={4} grow wrap="nowrap">
          <Select
            label="Load"
            aria-label={`${name} load type`}
            data={LOAD_OPTIONS}
            value={ex.loadMode}
            allowDeselect={false}
            onChange={(v) => set('loadMode', (v ?? 'none') as LoadMode)}
          />
          {ex.loadMode !== 'none' ? (
            <NumberInput
              label="Value"
              aria-label={`${name} load`}
              min={0}
              step={ex.loadMode === 'rpe' ? 0.5 : 2.5}
              decimalScale={2}
              value={ex.loadValue}
              onChange={(v) => set('loadValue', asNum(v))}
            />
          ) : null}
        </Group>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="xs">
        <TextInput label="Tempo" placeholder="3-1-1-0" value={ex.tempo} onChange={(e) => set('tempo', e.currentTarget.value)} />
        <NumberInput label="Rest (s)" min={0} max={3600} step={15} value={ex.rest_seconds} onChange={(v) => set('rest_seconds', asNum(v))} />
        <TextInput label="Notes" value={ex.notes} maxLength={MAX_LENGTH.TemplateIn['blocks.*.exercises.*.notes']} onChange={(e) => set('notes', e.currentTarget.value)} />
      </SimpleGrid>
    </Stack>
  );
}

export default function TemplateEditorPage() {
  const { templateId } = useParams();
  const navigate = useNavigate();
  const query = useTemplate(templateId ?? null);
  const save = useSaveTemplate(templateId ?? null);
  const duplicate = useDuplicateTemplate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [blocks, setBlocks] = useState<EditorBlock[]>([]);
  const [picking, setPicking] = useState<{ blockKey: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Saved is said inline (a toast would cover the header's buttons for seconds).
  const [saved, setSaved] = useState(false);
  const [showProblems, setShowProblems] = useState(false);
  const loaded = query.data?.data;

  useEffect(() => {
    if (!loaded) return;
    setName(loaded.name);
    setDescription(loaded.description ?? '');
    setBlocks(fromBlocksOut(loaded.blocks));
  }, [loaded]);

  if (templateId && query.isPending) return <PageLoader label="Loading workout" />;
  if (templateId && query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const readOnly = Boolean(loaded && !loaded.editable);

  const updateBlock = (key: string, change: (b: EditorBlock) => EditorBlock) =>
    setBlocks((bs) => bs.map((b) => (b.key === key ? change(b) : b)));

  const pick = (exercise: Exercise) => {
    const ex = newExercise(exercise.id, exercise.name, 'kg');
    if (exercise.tracking !== 'load_reps') ex.loadMode = 'none';
    if (exercise.tracking === 'time') {
      ex.targetMode = 'time';
      ex.duration_seconds = 30;
    }
    if (exercise.tracking === 'distance_time') {
      ex.targetMode = 'distance';
      ex.distance_m = 500;
    }
    if (picking?.blockKey) updateBlock(picking.blockKey, (b) => ({ ...b, exercises: [...b.exercises, ex] }));
    else setBlocks((bs) => [...bs, newBlock('single', ex)]);
    setPicking(null);
  };

  const problems = blockProblems(blocks);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    if (!name.trim() || problems.length) {
      setShowProblems(true);
      return;
    }
    try {
      const result = await save.mutateAsync({
        body: { name: name.trim(), description: description.trim() || null, blocks: toBlocksIn(blocks) },
        etag: query.data?.etag,
      });
      setSaved(true);
      if (!templateId) navigate(`/programmes/workouts/${result.data.id}`, { replace: true });
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Anchor component={Link} to="/programmes?tab=workouts" size="sm">
        ← Programmes
      </Anchor>
      <PageHeader
        title={templateId ? (loaded?.name ?? 'Workout') : 'New workout'}
        actions={
          <>
            {loaded ? (
              <Button
                variant="default"
                loading={duplicate.isPending}
                onClick={() =>
                  duplicate.mutate(loaded.id, { onSuccess: (copy) => navigate(`/programmes/workouts/${copy.id}`) })
                }
              >
                Duplicate
              </Button>
            ) : null}
            <Text size="sm" c="green.9" role="status">
              {saved ? 'Saved' : ''}
            </Text>
            {readOnly ? null : (
              <Button type="submit" loading={save.isPending}>
                Save workout
              </Button>
            )}
          </>
        }
      />
      <Stack>
        {readOnly ? <Alert color="gray">A shared workout: only an admin can change it. Duplicate it to make your own.</Alert> : null}
        <FormErrorAlert error={error} onReload={() => void query.refetch()} entity="workout" />
        <ErrorAlert error={duplicate.error} />
        {showProblems && (problems.length || !name.trim()) ? (
          <Alert color="red" role="alert" title="Please fix these first">
            <List size="sm">
              {!name.trim() ? <List.Item>Give the workout a name.</List.Item> : null}
              {problems.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Workout name" required value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={MAX_LENGTH.TemplateIn.name} />
          <Textarea label="Description" autosize minRows={1} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        </SimpleGrid>

        {blocks.length === 0 ? (
          <Paper withBorder p="lg" ta="center">
            <Text c="dimmed">No exercises yet. Add one from the library to start.</Text>
          </Paper>
        ) : null}

        {blocks.map((block, bi) => {
          const letter = exerciseLabel(bi, 0, 'single');
          return (
            <Paper key={block.key} withBorder p="md" component="section" aria-label={`Block ${letter}`}>
              <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
                <Group gap="xs" wrap="wrap">
                  <Title order={2} fz="h4">
                    Block {letter}
                  </Title>
                  <Select
                    aria-label={`Block ${letter} kind`}
                    data={KIND_OPTIONS}
                    value={block.kind}
                    allowDeselect={false}
                    w={170}
                    onChange={(v) =>
                      updateBlock(block.key, (b) => ({ ...b, kind: (v ?? 'single') as BlockKind, rounds: v === 'circuit' ? b.rounds || 3 : '' }))
                    }
                  />
                  {block.kind === 'circuit' ? (
                    <NumberInput
                      aria-label={`Block ${letter} rounds`}
                      placeholder="Rounds"
                      min={1}
                      max={50}
                      w={110}
                      value={block.rounds}
                      onChange={(v) => updateBlock(block.key, (b) => ({ ...b, rounds: asNum(v) }))}
                      suffix=" rounds"
                    />
                  ) : null}
                </Group>
                <MoveButtons
                  what={`block ${letter}`}
                  index={bi}
                  count={blocks.length}
                  onMove={(d) => setBlocks((bs) => move(bs, bi, d))}
                  onRemove={() => setBlocks((bs) => bs.filter((b) => b.key !== block.key))}
                />
              </Group>
              <Stack gap="md">
                {block.exercises.map((ex, ei) => {
                  const label = exerciseLabel(bi, ei, block.kind);
                  return (
                    <Stack key={ex.key} gap={6} pl={block.kind === 'single' ? 0 : 'sm'} style={block.kind === 'single' ? undefined : { borderLeft: '3px solid var(--mantine-color-blue-2)' }}>
                      <Group justify="space-between" wrap="nowrap">
                        <Text fw={600}>
                          {label}. {ex.exercise_name}
                        </Text>
                        {block.kind !== 'single' ? (
                          <MoveButtons
                            what={`${label} ${ex.exercise_name}`}
                            index={ei}
                            count={block.exercises.length}
                            onMove={(d) => updateBlock(block.key, (b) => ({ ...b, exercises: move(b.exercises, ei, d) }))}
                            onRemove={() => updateBlock(block.key, (b) => ({ ...b, exercises: b.exercises.filter((x) => x.key !== ex.key) }))}
                          />
                        ) : null}
                      </Group>
                      <ExerciseEditor
                        ex={ex}
                        label={label}
                        onChange={(next) => updateBlock(block.key, (b) => ({ ...b, exercises: b.exercises.map((x) => (x.key === ex.key ? next : x)) }))}
                      />
                    </Stack>
                  );
                })}
                {block.kind !== 'single' ? (
                  <Button variant="light" size="sm" onClick={() => setPicking({ blockKey: block.key })} style={{ alignSelf: 'flex-start' }}>
                    Add exercise to block {letter}
                  </Button>
                ) : null}
              </Stack>
            </Paper>
          );
        })}
        {!readOnly ? (
          <Group>
            <Button variant="default" onClick={() => setPicking({ blockKey: null })}>
              Add exercise
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save workout
            </Button>
          </Group>
        ) : null}
      </Stack>
      <ExercisePickerModal opened={picking !== null} onClose={() => setPicking(null)} onPick={pick} />
    </form>
  );
}
