import {
  Alert,
  Anchor,
  Button,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useProgram, useSaveProgram, useTemplates } from '../../api/hooks/training';
import { templateSource } from '../../api/hooks/pickers';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { SearchSelect } from '../../components/SearchSelect';
import { addWeek, cellAt, duplicateWeek, type Grid, MAX_WEEKS, removeWeek, setCell, workoutsInWeek } from '../../lib/programGrid';
import { AssignModal } from './AssignModal';
import { MAX_LENGTH } from '../../api/limits';

const DAYS = [1, 2, 3, 4, 5, 6, 7];

export default function ProgramEditorPage() {
  const { programId } = useParams();
  const navigate = useNavigate();
  const query = useProgram(programId ?? null);
  const save = useSaveProgram(programId ?? null);
  // Only to say "no workouts yet": the grid's pickers search the library themselves.
  const anyTemplate = useTemplates({ limit: 1 });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [grid, setGrid] = useState<Grid>({ weeks: 1, days: [] });
  const [loadStep, setLoadStep] = useState<number | ''>('');
  const [repsStep, setRepsStep] = useState<number | ''>('');
  const [error, setError] = useState<unknown>(null);
  // Saved is said inline (a toast would cover the header's buttons for seconds).
  const [saved, setSaved] = useState(false);
  const [nameError, setNameError] = useState<string | null>(null);
  const [assigning, setAssigning] = useState(false);
  // Names of the workouts on the grid (saved ones, then picked ones), so a cell shows its workout by name
  // whichever page of the library the picker last fetched, also after a week is duplicated.
  const [templateNames, setTemplateNames] = useState<Record<string, string>>({});
  const loaded = query.data?.data;

  useEffect(() => {
    if (!loaded) return;
    setName(loaded.name);
    setDescription(loaded.description ?? '');
    setGrid({ weeks: loaded.weeks, days: loaded.days.map(({ week, day, template_id }) => ({ week, day, template_id })) });
    setLoadStep(loaded.progression.load_kg_per_week ?? '');
    setRepsStep(loaded.progression.reps_per_week ?? '');
    setTemplateNames((names) => ({ ...names, ...Object.fromEntries(loaded.days.map((d) => [d.template_id, d.template_name])) }));
  }, [loaded]);

  if (programId && query.isPending) return <PageLoader label="Loading programme" />;
  if (programId && query.error) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const readOnly = Boolean(loaded && !loaded.editable);
  const templates = templateSource();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    if (!name.trim()) {
      setNameError('Give the programme a name.');
      return;
    }
    setNameError(null);
    const progression =
      loadStep === '' && repsStep === ''
        ? null
        : { load_kg_per_week: loadStep === '' ? null : loadStep, reps_per_week: repsStep === '' ? null : repsStep };
    try {
      const result = await save.mutateAsync({
        draft: { name: name.trim(), description: description.trim() || null, weeks: grid.weeks, progression, days: grid.days },
        etag: query.data?.etag,
      });
      setSaved(true);
      if (!programId) navigate(`/programmes/${result.data.id}`, { replace: true });
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Anchor component={Link} to="/programmes" size="sm">
        ← Programmes
      </Anchor>
      <PageHeader
        title={programId ? (loaded?.name ?? 'Programme') : 'New programme'}
        actions={
          <>
            <Text size="sm" c="green.9" role="status">
              {saved ? 'Saved' : ''}
            </Text>
            {programId && loaded ? (
              <Button variant="light" onClick={() => setAssigning(true)}>
                Assign to client
              </Button>
            ) : null}
            {readOnly ? null : (
              <Button type="submit" loading={save.isPending}>
                Save programme
              </Button>
            )}
          </>
        }
      />
      <Stack>
        {readOnly ? <Alert color="gray">A shared programme: only an admin can change it.</Alert> : null}
        <FormErrorAlert error={error} onReload={() => void query.refetch()} entity="programme" />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Programme name" required value={name} error={nameError} onChange={(e) => setName(e.currentTarget.value)} maxLength={MAX_LENGTH.ProgramIn.name} />
          <Textarea label="Description" autosize minRows={1} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        </SimpleGrid>

        <Paper withBorder p="md" component="section" aria-labelledby="progression-heading">
          <Title order={2} fz="h4" id="progression-heading" mb="xs">
            Progression
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Added once per week after the first: week 3 gets twice the step. Percent-of-1RM and RPE targets are left as they are.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput label="Load added per week (kg)" step={0.5} min={-20} max={20} decimalScale={2} value={loadStep} onChange={(v) => setLoadStep(v === '' ? '' : Number(v))} />
            <NumberInput label="Reps added per week" step={1} min={-5} max={5} value={repsStep} onChange={(v) => setRepsStep(v === '' ? '' : Number(v))} />
          </SimpleGrid>
        </Paper>

        <Paper withBorder p="md" component="section" aria-labelledby="grid-heading">
          <Group justify="space-between" mb="sm">
            <Title order={2} fz="h4" id="grid-heading">
              Weeks × days
            </Title>
            <Text size="sm" c="dimmed">
              Day 1 is the weekday of the start date.
            </Text>
          </Group>
          {anyTemplate.data?.items.length === 0 && grid.days.length === 0 ? (
            <Alert color="blue" mb="sm">
              No workouts yet.{' '}
              <Anchor component={Link} to="/programmes/workouts/new">
                Build a workout
              </Anchor>{' '}
              first, then place it on the grid.
            </Alert>
          ) : null}
          <Table.ScrollContainer minWidth={1060}>
            <Table withColumnBorders verticalSpacing="xs" aria-label="Programme grid">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Week</Table.Th>
                  {DAYS.map((d) => (
                    <Table.Th key={d} scope="col">
                      Day {d}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {Array.from({ length: grid.weeks }, (_, i) => i + 1).map((week) => (
                  <Table.Tr key={week}>
                    <Table.Th scope="row" style={{ verticalAlign: 'top', minWidth: 130 }}>
                      <Stack gap={4}>
                        <Text fw={600}>Week {week}</Text>
                        <Text size="xs" c="dimmed">
                          {workoutsInWeek(grid, week)} workouts
                        </Text>
                        {readOnly ? null : (
                          <>
                            <Button size="compact-xs" variant="light" onClick={() => setGrid((g) => duplicateWeek(g, week))} disabled={grid.weeks >= MAX_WEEKS}>
                              Duplicate week {week}
                            </Button>
                            <Button size="compact-xs" variant="subtle" color="red" onClick={() => setGrid((g) => removeWeek(g, week))} disabled={grid.weeks <= 1}>
                              Remove week {week}
                            </Button>
                          </>
                        )}
                      </Stack>
                    </Table.Th>
                    {DAYS.map((day) => (
                      <Table.Td key={day} style={{ verticalAlign: "top", minWidth: 125 }}>
                        <SearchSelect
                          aria-label={`Week ${week}, day ${day} workout`}
                          placeholder="Rest"
                          source={templates}
                          value={cellAt(grid, week, day)?.template_id ?? null}
                          // A saved grid may hold a workout since archived: it keeps its name here.
                          selectedLabel={templateNames[cellAt(grid, week, day)?.template_id ?? '']}
                          onChange={(id, label) => {
                            if (id && label) setTemplateNames((names) => ({ ...names, [id]: label }));
                            setGrid((g) => setCell(g, week, day, id));
                          }}
                          noItemsMessage="No workouts yet"
                          clearable
                          size="xs"
                          disabled={readOnly}
                          comboboxProps={{ width: 240 }}
                        />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {readOnly ? null : (
            <Button mt="sm" variant="default" onClick={() => setGrid(addWeek)} disabled={grid.weeks >= MAX_WEEKS}>
              Add week
            </Button>
          )}
        </Paper>
        {readOnly ? null : (
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save programme
            </Button>
          </Group>
        )}
      </Stack>
      {loaded ? (
        <AssignModal
          opened={assigning}
          onClose={() => setAssigning(false)}
          what={{ kind: 'program', id: loaded.id, name: loaded.name }}
        />
      ) : null}
    </form>
  );
}
