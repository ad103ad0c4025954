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
import type { UseMutationResult } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  useCompleteWorkout,
  useDeleteSet,
  useDeleteWorkout,
  useExerciseHistory,
  useLogSet,
  useReplaceSet,
  useWorkoutLog,
} from '../../api/hooks/training';
import type { PersonalRecord, SetIn, SetOut, WorkoutLog } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { formatDate } from '../../lib/format';
import { notify } from '../../lib/notify';
import { bestE1rm, type LoggerRow, loggerRows, nextSetNumber, plannedDraft, type SetDraft, setsFor } from '../../lib/plan';
import { useLoadUnit } from '../../lib/useLoadUnit';
import { checkSet, implausibleMessage, numberOrEmpty as num, type SetField, type SetFieldErrors, setErrors } from '../../lib/setEntry';
import { describeRecord, formatE1rm, formatPrescription, formatSet, formatWeight, fromKg, type LoadUnit } from '../../lib/units';

/**
 * Sends a set (new or corrected): impossible values are refused on the spot, the server's field errors
 * land on their inputs, and a load the server finds implausible is saved only after "Save anyway".
 */
function useSetSaver<T>(mutation: UseMutationResult<T, unknown, SetIn>, onSaved: (result: T) => void) {
  const [fields, setFields] = useState<SetFieldErrors>({});
  const [asking, setAsking] = useState<{ body: SetIn; message: string } | null>(null);

  const send = (body: SetIn) => {
    const refused = checkSet(body);
    setFields(refused);
    if (Object.keys(refused).length) return;
    mutation.mutate(body, {
      onSuccess: (result) => {
        setAsking(null);
        onSaved(result);
      },
      onError: (error) => {
        const message = implausibleMessage(error);
        setAsking(message ? { body, message } : null);
        if (!message) setFields(setErrors(error).fields);
      },
    });
  };
  const clear = (field: SetField) => setFields(({ [field]: _, ...rest }) => rest);

  const { fields: serverFields, other } = setErrors(mutation.error);
  const onlyFieldErrors = other.length === 0 && Object.keys(serverFields).length > 0;
  const feedback: ReactNode = (
    <>
      {mutation.error && !asking && !onlyFieldErrors && !implausibleMessage(mutation.error) ? (
        <ErrorAlert error={mutation.error}>
          {other.map((m) => (
            <Text key={m} size="sm">
              {m}
            </Text>
          ))}
        </ErrorAlert>
      ) : null}
      <ConfirmDialog
        opened={asking !== null}
        title="Check this load"
        confirmLabel="Save anyway"
        dismissLabel="Fix it"
        color="orange"
        loading={mutation.isPending}
        onConfirm={() => asking && send({ ...asking.body, confirm_implausible: true })}
        onClose={() => {
          // Back to the form, with the reason beside the load.
          if (asking) setFields({ load: asking.message });
          setAsking(null);
        }}
      >
        {asking ? `${asking.message} Save it anyway?` : null}
      </ConfirmDialog>
    </>
  );
  return { send, fields, clear, feedback, pending: mutation.isPending };
}

const wholeDraft = (s: SetOut, unit: LoadUnit) => ({
  load: s.load_kg === null ? ('' as const) : Math.round(fromKg(s.load_kg, unit) * 100) / 100,
  reps: s.reps ?? ('' as const),
  duration_seconds: s.duration_seconds ?? ('' as const),
  distance_m: s.distance_m ?? ('' as const),
});

type SetNumbers = Record<'load' | 'reps' | 'duration_seconds' | 'distance_m', number | ''>;

/** The numbers of one set, by what the exercise measures; shared by the logger and the set corrector. */
function SetNumberFields({ label, unit, show, values, errors, onChange }: {
  label: string;
  unit: LoadUnit;
  show: { lifted: boolean; timed: boolean; distance: boolean };
  values: SetNumbers;
  errors: SetFieldErrors;
  onChange: (field: SetField, value: string | number) => void;
}) {
  // Never clamp: a typed -10 must be refused with a message, not quietly saved as 0.
  const field = (name: keyof SetNumbers, title: string, described: string, decimal: boolean, extra: object = {}) => (
    <NumberInput
      className="logger-input"
      label={title}
      aria-label={`${label} ${described}`}
      inputMode={decimal ? 'decimal' : 'numeric'}
      clampBehavior="none"
      value={values[name]}
      error={errors[name]}
      onChange={(v) => onChange(name, v)}
      hideControls
      {...extra}
    />
  );
  return (
    <>
      {show.lifted ? (
        <>
          {field('load', `Load (${unit})`, `load in ${unit}`, true, { step: unit === 'lb' ? 5 : 2.5, decimalScale: 2 })}
          {field('reps', 'Reps', 'reps', false)}
        </>
      ) : null}
      {show.timed ? field('duration_seconds', 'Seconds', 'seconds', false) : null}
      {show.distance ? field('distance_m', 'Metres', 'metres', true) : null}
    </>
  );
}

/** One logged set corrected in place: the same numbers it was logged with, in the user's unit. */
function SetEditor({ log, set, name, unit, onDone }: { log: WorkoutLog; set: SetOut; name: string; unit: LoadUnit; onDone: () => void }) {
  const replace = useReplaceSet(log.id, set.id);
  const saver = useSetSaver(replace, onDone);
  const [draft, setDraft] = useState(() => wholeDraft(set, unit));
  const timed = set.duration_seconds !== null;
  const distance = set.distance_m !== null;
  const lifted = set.load_kg !== null || set.reps !== null || (!timed && !distance);
  const label = `${name} set ${set.set_number}`;
  const change = (field: SetField, value: string | number) => {
    saver.clear(field);
    setDraft({ ...draft, [field]: num(value) });
  };
  const save = () => {
    const load = lifted && draft.load !== '' ? draft.load : null;
    saver.send({
      exercise_id: set.exercise_id,
      position: set.position,
      set_number: set.set_number,
      reps: lifted && draft.reps !== '' ? draft.reps : null,
      load,
      load_unit: load === null ? null : unit,
      duration_seconds: timed && draft.duration_seconds !== '' ? draft.duration_seconds : null,
      distance_m: distance && draft.distance_m !== '' ? draft.distance_m : null,
      rpe: set.rpe,
      completed: set.completed,
    });
  };
  return (
    <Stack gap="xs" component="li" p={6} bg="gray.0" style={{ borderRadius: 6 }} aria-label={`Correct set ${set.set_number}`}>
      <Text size="sm" fw={600}>
        Set {set.set_number}
      </Text>
      <SimpleGrid cols={2} spacing="xs">
        <SetNumberFields label={label} unit={unit} show={{ lifted, timed, distance }} values={draft} errors={saver.fields} onChange={change} />
      </SimpleGrid>
      {saver.feedback}
      <Group gap="xs" justify="flex-end">
        <Button variant="default" onClick={onDone} disabled={saver.pending}>
          Cancel
        </Button>
        <Button onClick={save} loading={saver.pending}>
          Save set {set.set_number}
        </Button>
      </Group>
    </Stack>
  );
}

/** A logged set: its numbers, and while the workout is editable, buttons to correct or remove it. */
function SetRow({
  log,
  set,
  name,
  unit,
  editable,
  label,
  onRemove,
  removing,
  onChanged,
}: {
  log: WorkoutLog;
  set: SetOut;
  name: string;
  unit: LoadUnit;
  editable: boolean;
  label: ReactNode;
  onRemove: () => void;
  removing: boolean;
  onChanged?: () => void;
}) {
  const [editing, setEditing] = useState(false);
  if (editing && editable) {
    return (
      <SetEditor
        log={log}
        set={set}
        name={name}
        unit={unit}
        onDone={() => {
          setEditing(false);
          onChanged?.();
        }}
      />
    );
  }
  return (
    <Group component="li" justify="space-between" wrap="nowrap" bg="gray.0" p={6} style={{ borderRadius: 6 }}>
      <Text size="sm">
        {label}{' '}
        {formatSet(set, unit)}
        {set.estimated_1rm_kg ? (
          <Text span c="dimmed">
            {' '}
            (e1RM {formatWeight(set.estimated_1rm_kg, unit)})
          </Text>
        ) : null}
      </Text>
      {editable ? (
        <Group gap={4} wrap="nowrap">
          <ActionIcon variant="subtle" size="lg" aria-label={`Edit set ${set.set_number} of ${name}`} onClick={() => setEditing(true)}>
            <span aria-hidden>✎</span>
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            aria-label={`Remove set ${set.set_number} of ${name}`}
            onClick={onRemove}
            loading={removing}
          >
            <span aria-hidden>×</span>
          </ActionIcon>
        </Group>
      ) : null}
    </Group>
  );
}

function ExerciseLogger({ log, row, unit, editable }: { log: WorkoutLog; row: LoggerRow; unit: LoadUnit; editable: boolean }) {
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
  const allDone = done.length >= row.plannedSets;
  const saver = useSetSaver(logSet, (result) => {
    setDraft(null);
    // Celebrated inline, next to the set: a toast would cover the header on a phone.
    if (result.new_records.length) setRecords(result.new_records);
  });
  const change = (field: SetField, value: string | number) => {
    saver.clear(field);
    setDraft({ ...values, [field]: num(value) });
  };

  const send = (v: SetDraft, withRpe: boolean) => {
    const load = v.load === '' || timed || distance ? null : v.load;
    saver.send({
      exercise_id: p.exercise_id,
      position: row.position,
      set_number: setNumber,
      reps: timed || distance ? null : v.reps === '' ? null : v.reps,
      load,
      load_unit: load === null ? null : unit,
      duration_seconds: v.duration_seconds === '' ? null : v.duration_seconds,
      distance_m: v.distance_m === '' ? null : v.distance_m,
      rpe: withRpe && rpe !== '' ? rpe : null,
    });
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
            <SetRow
              key={s.id}
              log={log}
              set={s}
              name={name}
              unit={unit}
              editable={editable}
              label={
                <Text span fw={600}>
                  Set {s.set_number}:
                </Text>
              }
              // A corrected or removed set may take its record with it: the banner would be stale.
              onChanged={() => setRecords([])}
              onRemove={() => deleteSet.mutate(s.id, { onSuccess: () => setRecords([]) })}
              removing={deleteSet.isPending && deleteSet.variables === s.id}
            />
          ))}
        </Stack>
      ) : null}

      {editable ? (
        <Stack gap="xs" mt="sm">
          <SimpleGrid cols={timed || distance ? 2 : 3} spacing="xs">
            <SetNumberFields label={name} unit={unit} show={{ lifted: !timed && !distance, timed, distance }} values={values} errors={saver.fields} onChange={change} />
            <NumberInput
              className="logger-input"
              label="RPE"
              aria-label={`${name} RPE`}
              inputMode="decimal"
              clampBehavior="none"
              step={0.5}
              decimalScale={1}
              value={rpe}
              error={saver.fields.rpe}
              onChange={(v) => {
                saver.clear('rpe');
                setRpe(num(v));
              }}
              hideControls
            />
          </SimpleGrid>
          {saver.feedback}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
            <Button size="lg" onClick={() => send(planned, false)} loading={saver.pending} variant={allDone ? 'light' : 'filled'}>
              ✓ Set {setNumber} as planned
            </Button>
            <Button size="lg" variant="default" onClick={() => send(values, true)} loading={saver.pending}>
              Log set {setNumber}
            </Button>
          </SimpleGrid>
        </Stack>
      ) : null}
    </Card>
  );
}

export default function WorkoutPage() {
  const { logId = '' } = useParams();
  const me = useMe();
  const log = useWorkoutLog(logId);
  const complete = useCompleteWorkout(logId);
  const deleteSet = useDeleteSet(logId);
  const deleteWorkout = useDeleteWorkout(logId);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const navigate = useNavigate();
  const [unit, setUnit] = useLoadUnit();
  // A completed workout stays completed while its sets are corrected: the session happened, only a
  // number was wrong, and nobody has to remember to complete it again.
  const [editing, setEditing] = useState(false);

  if (log.isPending) return <PageLoader label="Loading workout" />;
  if (log.error || !log.data) return <ErrorAlert error={log.error} onRetry={() => void log.refetch()} />;
  const w = log.data;
  const rows = loggerRows(w.planned);
  const done = w.status === 'completed';
  const editable = !done || editing;
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
              <SetRow
                key={s.id}
                log={w}
                set={s}
                name={s.exercise_name ?? 'Exercise'}
                unit={unit}
                editable={editable}
                label={
                  <Text span fw={600}>
                    {s.exercise_name}, set {s.set_number}:
                  </Text>
                }
                onRemove={() => deleteSet.mutate(s.id)}
                removing={deleteSet.isPending && deleteSet.variables === s.id}
              />
            ))}
          </Stack>
        </Card>
      ) : null}
      {rows.map((row) => (
        <ExerciseLogger key={row.position} log={w} row={row} unit={unit} editable={editable} />
      ))}
      {done && editing ? (
        <>
          <Alert color="blue" title="Editing a completed workout" role="status">
            Correct or remove sets; records, goals and “last time” update as each change is saved. The workout stays
            completed.
          </Alert>
          <Button size="lg" onClick={() => setEditing(false)}>
            Done editing
          </Button>
        </>
      ) : done ? (
        <Alert color="green" title="Workout complete — well done!" role="status">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {w.sets.length} sets logged · volume {formatWeight(volumeKg, unit, 0)}
            </Text>
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit workout
            </Button>
          </Stack>
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
      <Button variant="subtle" color="red" onClick={() => setConfirmingDelete(true)} style={{ alignSelf: 'flex-start' }}>
        Delete workout
      </Button>
      <ConfirmDialog
        opened={confirmingDelete}
        title="Delete this workout?"
        confirmLabel="Delete workout"
        dismissLabel="Keep it"
        loading={deleteWorkout.isPending}
        onClose={() => setConfirmingDelete(false)}
        onConfirm={() =>
          deleteWorkout.mutate(undefined, {
            onSuccess: () => {
              notify({ color: 'green', message: 'Workout deleted.' });
              navigate(back, { replace: true });
            },
          })
        }
      >
        <Stack gap="xs">
          <Text size="sm">
            “{w.title}” on {formatDate(w.performed_on)} and its {w.sets.length} {w.sets.length === 1 ? 'set' : 'sets'} are
            removed. Personal records and goals are worked out again without them. This cannot be undone.
          </Text>
          <ErrorAlert error={deleteWorkout.error} />
        </Stack>
      </ConfirmDialog>
    </Stack>
  );
}
