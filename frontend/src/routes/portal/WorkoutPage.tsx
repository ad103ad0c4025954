import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useCompleteWorkout, useDeleteSet, useExerciseHistory, useLogSet, useWorkoutLog } from '../../api/hooks/training';
import type { PersonalRecord, SetOut, WorkoutLog } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { formatDate } from '../../lib/format';
import { bestE1rm, type LoggerRow, loggerRows, nextSetNumber, plannedDraft, type SetDraft, setsFor } from '../../lib/plan';
import { useLoadUnit } from '../../lib/useLoadUnit';
import { describeRecord, formatE1rm, formatPrescription, formatSet, formatWeight, type LoadUnit } from '../../lib/units';

const num = (v: string | number): number | '' => (v === '' ? '' : Number(v));

function ExerciseLogger({ log, row, unit }: { log: WorkoutLog; row: LoggerRow; unit: LoadUnit }) {
  const p = row.prescription;
  const name = p.exercise_name ?? 'Exercise';
  const history = useExerciseHistory(log.client_id, p.exercise_id, log.id);
  const logSet = useLogSet(log.id);
  const deleteSet = useDeleteSet(log.id);
  const done = setsFor(log.sets, row.position);
  const lastSets = history.data?.last_session?.sets ?? [];
  const e1rmRecord = history.data?.records.find((r) => r.kind === 'estimated_1rm');
  const bestKg = e1rmRecord?.value ?? bestE1rm(lastSets);
  const planned = plannedDraft(p, unit, { bestE1rmKg: bestKg, lastSet: lastSets[lastSets.length - 1] ?? null });
  const [draft, setDraft] = useState<SetDraft | null>(null);
  const [rpe, setRpe] = useState<number | ''>('');
  const [records, setRecords] = useState<PersonalRecord[]>([]);
  const values = draft ?? planned;
  const setNumber = nextSetNumber(log.sets, row.position);
  const timed = Boolean(p.duration_seconds);
  const distance = Boolean(p.distance_m);
  const readOnly = log.status === 'completed';
  const allDone = done.length >= row.plannedSets;

  const send = (v: SetDraft, withRpe: boolean) => {
    const load = v.load === '' || timed || distance ? null : v.load;
    logSet.mutate(
      {
        exercise_id: p.exercise_id,
        position: row.position,
        set_number: setNumber,
        reps: timed || distance ? null : v.reps === '' ? null : v.reps,
        load,
        load_unit: load === null ? null : unit,
        duration_seconds: v.duration_seconds === '' ? null : v.duration_seconds,
        distance_m: v.distance_m === '' ? null : v.distance_m,
        rpe: withRpe && rpe !== '' ? rpe : null,
      },
      {
        onSuccess: (result) => {
          setDraft(null);
          // Celebrated inline, next to the set: a toast would cover the header on a phone.
          if (result.new_records.length) setRecords(result.new_records);
        },
      },
    );
  };

  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={`${row.label}. ${name}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Title order={2} fz="h4">
            {row.label}. {name}
          </Title>
          <Text size="sm" c="dimmed">
            {formatPrescription(p, unit)}
            {row.blockKind !== 'single' ? ` · ${row.blockKind}` : ''}
          </Text>
          {p.notes ? (
            <Text size="sm" fs="italic">
              {p.notes}
            </Text>
          ) : null}
        </div>
        <Badge variant="light" color={allDone ? 'green' : 'gray'}>
          {done.length}/{row.plannedSets}
        </Badge>
      </Group>

      <Text size="sm" mt="xs" data-testid="last-time">
        <Text span fw={600}>
          Last time:{' '}
        </Text>
        {history.isPending
          ? '…'
          : lastSets.length
            ? `${lastSets.map((s) => formatSet(s, unit)).join(', ')} (${formatDate(history.data?.last_session?.performed_on)})`
            : 'first time'}
        {bestKg ? ` · best e1RM ${formatE1rm(bestKg, unit)}` : ''}
      </Text>

      {records.length ? (
        <Alert className="pr-banner" color="yellow" variant="light" mt="sm" role="status" title="★ New personal record!" style={{ border: '2px solid var(--mantine-color-yellow-6)' }}>
          {records.map((r) => (
            <Text key={r.id} size="sm">
              {describeRecord(r, unit)}
            </Text>
          ))}
        </Alert>
      ) : null}

      {done.length ? (
        <Stack gap={4} mt="sm" component="ol" aria-label={`${name} sets logged`} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {done.map((s: SetOut) => (
            <Group component="li" key={s.id} justify="space-between" wrap="nowrap" bg="gray.0" p={6} style={{ borderRadius: 6 }}>
              <Text size="sm">
                <Text span fw={600}>
                  Set {s.set_number}:
                </Text>{' '}
                {formatSet(s, unit)}
                {s.estimated_1rm_kg ? (
                  <Text span c="dimmed">
                    {' '}
                    (e1RM {formatWeight(s.estimated_1rm_kg, unit)})
                  </Text>
                ) : null}
              </Text>
              {readOnly ? null : (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  aria-label={`Remove set ${s.set_number} of ${name}`}
                  onClick={() => deleteSet.mutate(s.id)}
                  loading={deleteSet.isPending && deleteSet.variables === s.id}
                >
                  <span aria-hidden>×</span>
                </ActionIcon>
              )}
            </Group>
          ))}
        </Stack>
      ) : null}

      {readOnly ? null : (
        <Stack gap="xs" mt="sm">
          <SimpleGrid cols={timed || distance ? 2 : 3} spacing="xs">
            {timed ? (
              <NumberInput
                className="logger-input"
                label="Seconds"
                aria-label={`${name} seconds`}
                inputMode="numeric"
                min={1}
                value={values.duration_seconds}
                onChange={(v) => setDraft({ ...values, duration_seconds: num(v) })}
                hideControls
              />
            ) : null}
            {distance ? (
              <NumberInput
                className="logger-input"
                label="Metres"
                aria-label={`${name} metres`}
                inputMode="decimal"
                min={0}
                value={values.distance_m}
                onChange={(v) => setDraft({ ...values, distance_m: num(v) })}
                hideControls
              />
            ) : null}
            {timed || distance ? null : (
              <>
                <NumberInput
                  className="logger-input"
                  label={`Load (${unit})`}
                  aria-label={`${name} load in ${unit}`}
                  inputMode="decimal"
                  min={0}
                  step={unit === 'lb' ? 5 : 2.5}
                  decimalScale={2}
                  value={values.load}
                  onChange={(v) => setDraft({ ...values, load: num(v) })}
                  hideControls
                />
                <NumberInput
                  className="logger-input"
                  label="Reps"
                  aria-label={`${name} reps`}
                  inputMode="numeric"
                  min={0}
                  max={1000}
                  value={values.reps}
                  onChange={(v) => setDraft({ ...values, reps: num(v) })}
                  hideControls
                />
              </>
            )}
            <NumberInput
              className="logger-input"
              label="RPE"
              aria-label={`${name} RPE`}
              inputMode="decimal"
              min={1}
              max={10}
              step={0.5}
              decimalScale={1}
              value={rpe}
              onChange={(v) => setRpe(num(v))}
              hideControls
            />
          </SimpleGrid>
          <ErrorAlert error={logSet.error} />
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
            <Button size="lg" onClick={() => send(planned, false)} loading={logSet.isPending} variant={allDone ? 'light' : 'filled'}>
              ✓ Set {setNumber} as planned
            </Button>
            <Button size="lg" variant="default" onClick={() => send(values, true)} loading={logSet.isPending}>
              Log set {setNumber}
            </Button>
          </SimpleGrid>
        </Stack>
      )}
    </Card>
  );
}

export default function WorkoutPage() {
  const { logId = '' } = useParams();
  const me = useMe();
  const log = useWorkoutLog(logId);
  const complete = useCompleteWorkout(logId);
  const [unit, setUnit] = useLoadUnit();

  if (log.isPending) return <PageLoader label="Loading workout" />;
  if (log.error || !log.data) return <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />;
  const w = log.data;
  const rows = loggerRows(w.planned);
  const done = w.status === 'completed';
  const volumeKg = w.sets.reduce((sum, s) => sum + (s.completed && s.load_kg && s.reps ? s.load_kg * s.reps : 0), 0);
  const back = me.user.role === 'client' ? '/today' : `/clients/${w.client_id}`;

  return (
    <Stack maw={640}>
      <Anchor component={Link} to={back} size="sm">
        ← {me.user.role === 'client' ? 'Today' : 'Client'}
      </Anchor>
      <PageHeader title={w.title}>
        <Group gap="xs">
          <Text c="dimmed">{formatDate(w.performed_on)}</Text>
          {done ? <Badge color="green">Completed</Badge> : null}
        </Group>
      </PageHeader>
      <Group justify="space-between">
        <Text size="sm" id="unit-label">
          Weights in
        </Text>
        <SegmentedControl
          aria-labelledby="unit-label"
          data={[
            { value: 'kg', label: 'kg' },
            { value: 'lb', label: 'lb' },
          ]}
          value={unit}
          onChange={(v) => setUnit(v === 'lb' ? 'lb' : 'kg')}
        />
      </Group>
      {rows.length === 0 ? (
        <Card withBorder radius="md" padding="md">
          <Text size="sm" c="dimmed" mb={w.sets.length ? 'xs' : 0}>
            This workout was logged without a plan.
          </Text>
          <Stack gap={4} component="ol" aria-label="Sets logged" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {w.sets.map((s) => (
              <Text component="li" key={s.id} size="sm">
                <Text span fw={600}>
                  {s.exercise_name}, set {s.set_number}:
                </Text>{' '}
                {formatSet(s, unit)}
              </Text>
            ))}
          </Stack>
        </Card>
      ) : null}
      {rows.map((row) => (
        <ExerciseLogger key={row.position} log={w} row={row} unit={unit} />
      ))}
      {done ? (
        <Alert color="green" title="Workout complete — well done!" role="status">
          {w.sets.length} sets logged · volume {formatWeight(volumeKg, unit, 0)}
        </Alert>
      ) : (
        <>
          <ErrorAlert error={complete.error} />
          <Button
            size="xl"
            color="green"
            onClick={() => complete.mutate()}
            loading={complete.isPending}
          >
            Complete workout
          </Button>
        </>
      )}
    </Stack>
  );
}
