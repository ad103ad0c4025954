import { ActionIcon, Alert, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import {
  useAddException,
  useAddTimeOff,
  useAvailability,
  useDeleteException,
  useDeleteTimeOff,
  useSaveWorkingHours,
} from '../../api/hooks/availability';
import { useLocations } from '../../api/hooks/setup';
import { trainerSource } from '../../api/hooks/pickers';
import { SearchSelect } from '../../components/SearchSelect';
import type { Availability, WorkingWindowIn } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { formatDate } from '../../lib/format';
import { notify } from '../../lib/notify';
import { WEEKDAYS } from '../../lib/rrule';
import { useServerForm } from '../../lib/useServerForm';
import { formatInZone, shortTime, wallClockToUtc } from '../../lib/zoned';
import { MAX_LENGTH } from '../../api/limits';

type Row = { key: number; location_id: string; weekday: string; start_time: string; end_time: string };
let nextKey = 1;

// A row's fields, and the row itself (an overlap with another row), as the API names them.
const WINDOW_FIELDS = ['working_hours.*.weekday', 'working_hours.*.start_time', 'working_hours.*.end_time', 'working_hours.*.location_id', 'working_hours.*'];

function useLocationOptions() {
  const locations = useLocations();
  return (locations.data ?? []).map((l) => ({ value: l.id, label: l.name }));
}

function WorkingHoursCard({ trainerId, availability }: { trainerId: string; availability: Availability }) {
  const locations = useLocationOptions();
  const save = useSaveWorkingHours(trainerId);
  const toRows = (): Row[] =>
    [...availability.working_hours]
      .sort((a, b) => a.weekday - b.weekday || a.start_time.localeCompare(b.start_time))
      .map((w) => ({ key: nextKey++, location_id: w.location_id, weekday: String(w.weekday), start_time: shortTime(w.start_time), end_time: shortTime(w.end_time) }));
  const form = useForm<{ working_hours: Row[] }>({ initialValues: { working_hours: toRows() } });
  const server = useServerForm(form, WINDOW_FIELDS);
  // A different trainer (or a save elsewhere) replaces what is shown.
  useEffect(() => {
    form.setValues({ working_hours: toRows() });
    form.clearErrors();
  }, [availability]); // eslint-disable-line react-hooks/exhaustive-deps

  const rows = form.values.working_hours;
  const add = () => form.insertListItem('working_hours', { key: nextKey++, location_id: locations[0]?.value ?? '', weekday: '0', start_time: '09:00', end_time: '17:00' });
  const incomplete = rows.some((r) => !r.location_id || !r.start_time || !r.end_time);

  const submit = form.onSubmit((v) => {
    const body: WorkingWindowIn[] = v.working_hours.map((r) => ({ location_id: r.location_id, weekday: Number(r.weekday), start_time: r.start_time, end_time: r.end_time }));
    void server
      .run(() => save.mutateAsync({ version: availability.working_hours_version, windows: body }))
      .then((ok) => ok && notify({ color: 'green', message: 'Working hours saved.' }));
  });

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="hours-heading">
      <Title order={2} fz="h4" id="hours-heading" mb="xs">
        Weekly working hours
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Clients can book inside these hours. Times are in the business time zone ({availability.timezone}).
      </Text>
      <form onSubmit={submit} noValidate aria-label="Weekly working hours">
        <Stack gap="sm">
          <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
          {locations.length === 0 ? <Alert color="orange">Add a location under Setup before adding working hours.</Alert> : null}
          {rows.length === 0 ? <Text size="sm">No working hours yet: clients cannot book online.</Text> : null}
          {rows.map((r, i) => {
            const rowError = form.errors[`working_hours.${i}`];
            return (
              <Stack key={r.key} gap={4} role="group" aria-label={`Working window ${i + 1}`}>
                <Group align="flex-start" gap="xs" wrap="wrap">
                  <Select label="Day" w={140} data={WEEKDAYS.map((d, n) => ({ value: String(n), label: d.label }))} allowDeselect={false} {...form.getInputProps(`working_hours.${i}.weekday`)} />
                  <TextInput label="From" type="time" w={150} {...form.getInputProps(`working_hours.${i}.start_time`)} />
                  <TextInput label="To" type="time" w={150} {...form.getInputProps(`working_hours.${i}.end_time`)} />
                  <Select label="Location" w={200} data={locations} {...form.getInputProps(`working_hours.${i}.location_id`)} value={r.location_id || null} onChange={(v) => form.setFieldValue(`working_hours.${i}.location_id`, v ?? '')} />
                  <ActionIcon variant="subtle" color="red" size="lg" mt={26} aria-label={`Remove working window ${i + 1}`} onClick={() => form.removeListItem('working_hours', i)}>
                    ✕
                  </ActionIcon>
                </Group>
                {rowError ? (
                  <Text size="sm" c="var(--mantine-color-error)" data-path={`working_hours.${i}`} tabIndex={-1}>
                    {rowError}
                  </Text>
                ) : null}
              </Stack>
            );
          })}
          <Group>
            <Button variant="default" onClick={add} disabled={locations.length === 0}>
              Add hours
            </Button>
            <Button type="submit" loading={save.isPending} disabled={incomplete}>
              Save working hours
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function ExceptionsCard({ trainerId, availability }: { trainerId: string; availability: Availability }) {
  const locations = useLocationOptions();
  const add = useAddException(trainerId);
  const remove = useDeleteException(trainerId);
  const form = useForm({
    initialValues: { on_date: '', kind: 'unavailable' as 'unavailable' | 'available', start_time: '', end_time: '', location_id: '', reason: '' },
    validate: { on_date: (v) => (v ? null : 'Pick a date') },
  });
  const server = useServerForm(form, ['on_date', 'kind', 'start_time', 'end_time', 'location_id', 'reason']);
  const locationName = (id: string | null) => locations.find((l) => l.value === id)?.label;

  const submit = form.onSubmit((v) =>
    void server
      .run(() =>
        add.mutateAsync({
          on_date: v.on_date,
          kind: v.kind,
          start_time: v.start_time || null,
          end_time: v.end_time || null,
          location_id: v.location_id || null,
          reason: v.reason.trim() || null,
        }),
      )
      .then((ok) => ok && form.reset()),
  );

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="exceptions-heading">
      <Title order={2} fz="h4" id="exceptions-heading" mb="xs">
        Exceptions
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        A day off or different hours on one date. Leave the times empty to close the whole day.
      </Text>
      <form onSubmit={submit} noValidate aria-label="Add an exception">
        <Stack gap="sm">
          <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
            <TextInput label="Date" type="date" required {...form.getInputProps('on_date')} />
            <Select label="Kind" data={[{ value: 'unavailable', label: 'Unavailable' }, { value: 'available', label: 'Extra hours' }]} allowDeselect={false} {...form.getInputProps('kind')} />
            <Select label="Location" clearable data={locations} {...form.getInputProps('location_id')} />
            <TextInput label="From" type="time" {...form.getInputProps('start_time')} />
            <TextInput label="To" type="time" {...form.getInputProps('end_time')} />
            <TextInput label="Reason" {...form.getInputProps('reason')} maxLength={MAX_LENGTH.ExceptionIn.reason} />
          </SimpleGrid>
          <Group>
            <Button type="submit" variant="light" loading={add.isPending}>
              Add exception
            </Button>
          </Group>
        </Stack>
      </form>
      {availability.exceptions.length ? (
        <Table mt="md" aria-label="Upcoming exceptions">
          <Table.Tbody>
            {availability.exceptions.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{formatDate(e.on_date)}</Table.Td>
                <Table.Td>
                  {e.kind === 'available' ? 'Extra hours' : 'Unavailable'} {e.start_time ? `${shortTime(e.start_time)}–${shortTime(e.end_time)}` : 'all day'}
                  {e.location_id ? ` · ${locationName(e.location_id) ?? ''}` : ''}
                </Table.Td>
                <Table.Td>{e.reason}</Table.Td>
                <Table.Td ta="right">
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => remove.mutate(e.id)} aria-label={`Delete exception on ${formatDate(e.on_date)}`}>
                    Delete
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" mt="md">
          No upcoming exceptions.
        </Text>
      )}
    </Card>
  );
}

function TimeOffCard({ trainerId, availability }: { trainerId: string; availability: Availability }) {
  const add = useAddTimeOff(trainerId);
  const remove = useDeleteTimeOff(trainerId);
  const tz = availability.timezone;
  const form = useForm({
    initialValues: { start_date: '', start_time: '00:00', end_date: '', end_time: '23:59', reason: '' },
    validate: {
      start_date: (v) => (v ? null : 'Pick the first day'),
      end_date: (v) => (v ? null : 'Pick the last day'),
    },
  });
  const server = useServerForm(form, ['starts_at', 'ends_at', 'reason']);
  const submit = form.onSubmit((v) =>
    void server
      .run(() =>
        add.mutateAsync({
          starts_at: wallClockToUtc(v.start_date, v.start_time, tz),
          ends_at: wallClockToUtc(v.end_date, v.end_time, tz),
          reason: v.reason.trim() || null,
        }),
      )
      .then((ok) => ok && form.reset()),
  );
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="timeoff-heading">
      <Title order={2} fz="h4" id="timeoff-heading" mb="xs">
        Time off
      </Title>
      <form onSubmit={submit} noValidate aria-label="Add time off">
        <Stack gap="sm">
          <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <TextInput label="From date" type="date" required {...form.getInputProps('start_date')} error={form.errors.start_date ?? form.errors.starts_at} />
            <TextInput label="From time" type="time" {...form.getInputProps('start_time')} />
            <TextInput label="Until date" type="date" required {...form.getInputProps('end_date')} error={form.errors.end_date ?? form.errors.ends_at} />
            <TextInput label="Until time" type="time" {...form.getInputProps('end_time')} />
          </SimpleGrid>
          <TextInput label="Reason" {...form.getInputProps('reason')} maxLength={MAX_LENGTH.TimeOffIn.reason} />
          <Group>
            <Button type="submit" variant="light" loading={add.isPending}>
              Add time off
            </Button>
          </Group>
        </Stack>
      </form>
      {availability.time_off.length ? (
        <Table mt="md" aria-label="Time off">
          <Table.Tbody>
            {availability.time_off.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>
                  {formatInZone(t.starts_at, tz)} – {formatInZone(t.ends_at, tz)}
                </Table.Td>
                <Table.Td>{t.reason}</Table.Td>
                <Table.Td ta="right">
                  <Button size="compact-sm" variant="subtle" color="red" onClick={() => remove.mutate(t.id)} aria-label={`Delete time off from ${formatInZone(t.starts_at, tz)}`}>
                    Delete
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" mt="md">
          No time off planned.
        </Text>
      )}
    </Card>
  );
}

export default function AvailabilityPage() {
  const me = useMe();
  const isAdmin = me.user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const trainerId = isAdmin ? (params.get('trainer') ?? '') : (me.user.trainer_id ?? '');
  const availability = useAvailability(trainerId || null);

  return (
    <Stack>
      <PageHeader title="Availability" />
      {isAdmin ? (
        <SearchSelect
          label="Trainer"
          maw={320}
          placeholder="Choose a trainer"
          source={trainerSource()}
          value={trainerId || null}
          onChange={(v) => setParams(v ? { trainer: v } : {}, { replace: true })}
          noItemsMessage="No active trainers"
        />
      ) : null}
      {!trainerId ? (
        <EmptyState title={isAdmin ? 'Choose a trainer' : 'No trainer profile'}>
          {isAdmin ? 'Pick a trainer to edit their hours, exceptions and time off.' : 'Your account is not linked to a trainer profile.'}
        </EmptyState>
      ) : availability.isPending ? (
        <PageLoader label="Loading availability" />
      ) : availability.error ? (
        <ErrorAlert error={availability.error} onRetry={() => void availability.refetch()} />
      ) : (
        <>
          <WorkingHoursCard trainerId={trainerId} availability={availability.data} />
          <ExceptionsCard trainerId={trainerId} availability={availability.data} />
          <TimeOffCard trainerId={trainerId} availability={availability.data} />
        </>
      )}
    </Stack>
  );
}
