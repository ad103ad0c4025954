import { Button, Checkbox, Group, Modal, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useCreateSeries } from '../../api/hooks/bookings';
import { hasProblemType } from '../../api/problem';
import type { Me } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { notify } from '../../lib/notify';
import { formatShortDay } from '../../lib/zoned';
import { buildWeeklyRrule, describeWeekly, MAX_WEEKS, WEEKDAYS, weekdayCodeOf, type WeekdayCode } from '../../lib/rrule';
import { useServerForm } from '../../lib/useServerForm';
import type { Prefill } from './BookSessionModal';
import { type ClashAnswer, NO_ANSWER, SeriesClashAlert } from './SeriesClashAlert';
import { ClientSelect, DateTimeFields, orNull, useServiceOptions, WhereWhoFields } from './pickers';
import { MAX_LENGTH } from '../../api/limits';

const FIELDS = ['service_id', 'trainer_id', 'client_id', 'starts_on', 'start_time', 'rrule', 'capacity', 'title', 'location_id', 'room_id'] as const;

export function NewSeriesModal({ me, prefill, onClose }: { me: Me; prefill: Prefill; onClose: () => void }) {
  const create = useCreateSeries();
  const [answer, setAnswer] = useState<ClashAnswer>(NO_ANSWER);
  const { services } = useServiceOptions();
  const form = useForm({
    // Ticks the new start date's weekday while the days are still the one we guessed from the old date.
    onValuesChange: (values, previous) => {
      // Clashes found for other values, and the answer to them, do not carry over.
      server.clear();
      setAnswer(NO_ANSWER);
      if (values.date === previous.date || !values.date || !previous.date) return;
      const guessed = weekdayCodeOf(previous.date);
      if (values.days.length === 1 && values.days[0] === guessed) form.setFieldValue('days', [weekdayCodeOf(values.date)]);
    },
    initialValues: {
      service_id: '',
      trainer_id: me.user.trainer_id ?? '',
      client_id: '',
      date: prefill.date,
      time: prefill.time,
      days: [weekdayCodeOf(prefill.date)] as WeekdayCode[],
      weeks: 12 as number | '',
      location_id: '',
      room_id: '',
      title: '',
      capacity: '' as number | '',
    },
    validate: {
      service_id: (v) => (v ? null : 'Choose a service'),
      trainer_id: (v) => (v ? null : 'Choose a trainer'),
      date: (v) => (v ? null : 'Pick the first date'),
      time: (v) => (v ? null : 'Pick a start time'),
      days: (v) => (v.length ? null : 'Tick at least one day'),
      weeks: (v) => (v !== '' && v >= 1 && v <= MAX_WEEKS ? null : `From 1 to ${MAX_WEEKS} weeks`),
      client_id: (v, values) =>
        services.find((s) => s.id === values.service_id)?.kind === 'one_to_one' && !v ? 'Choose the client' : null,
    },
  });
  const server = useServerForm(form, [...FIELDS, 'days', 'weeks']);
  const service = services.find((s) => s.id === form.values.service_id);
  const oneToOne = service?.kind === 'one_to_one';
  const weeks = form.values.weeks === '' ? 0 : form.values.weeks;

  const send = (v: typeof form.values, next: ClashAnswer) => {
    let created: { upcoming: unknown[]; next_unplaced_on?: string | null } | undefined;
    void server
      .run(async () => {
        created = await create.mutateAsync({
          service_id: v.service_id,
          trainer_id: v.trainer_id,
          client_id: oneToOne ? v.client_id : null,
          starts_on: v.date,
          start_time: v.time,
          rrule: buildWeeklyRrule(v.days, Number(v.weeks)),
          location_id: orNull(v.location_id),
          room_id: orNull(v.room_id),
          title: orNull(v.title.trim()),
          capacity: !oneToOne && v.capacity !== '' ? v.capacity : null,
          skip_dates: next.skip,
          allow_outside_hours: next.allowOutsideHours,
        });
      })
      .then((ok) => {
        setAnswer(next);
        if (!ok) return;
        const skipped = next.skip.length ? ` without ${next.skip.map((d) => formatShortDay(d)).join(', ')}` : '';
        // A series that starts beyond the calendar's horizon has nothing on the calendar yet: say when it will.
        const later =
          created && created.upcoming.length === 0 && created.next_unplaced_on
            ? ` Its first session, on ${formatShortDay(created.next_unplaced_on)}, is further ahead than the calendar is filled in; it appears there as that date comes closer.`
            : '';
        notify({ color: 'green', message: `Recurring series created${skipped}.${later}` });
        onClose();
      });
  };
  const submit = form.onSubmit((v) => send(v, answer));
  const clashes = hasProblemType(server.error, 'series-clashes') ? (server.error.problem.clashes ?? []) : [];
  const skipClashes = form.onSubmit((v) => send(v, { ...answer, skip: [...answer.skip, ...clashes.map((c) => c.date)] }));
  const allowOutsideHours = form.onSubmit((v) => send(v, { ...answer, allowOutsideHours: true }));

  return (
    <Modal opened onClose={onClose} title="New recurring series" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {clashes.length ? (
            <SeriesClashAlert clashes={clashes} action="create" loading={create.isPending} onSkip={() => skipClashes()} onAllowOutsideHours={() => allowOutsideHours()} />
          ) : (
            <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
          )}
          <WhereWhoFields form={form} role={me.user.role} />
          {oneToOne ? (
            <ClientSelect
              trainerId={form.values.trainer_id}
              role={me.user.role}
              inputProps={{ ...form.getInputProps('client_id'), key: form.key('client_id') }}
            />
          ) : (
            <TextInput label="Title" description="Defaults to the service name" maxLength={MAX_LENGTH.SeriesIn.title} {...form.getInputProps('title')} />
          )}
          <DateTimeFields form={form} dateLabel="Starts on" />
          <Checkbox.Group label="Repeats on" required {...form.getInputProps('days')}>
            <Group gap="sm" mt={4}>
              {WEEKDAYS.map((d) => (
                <Checkbox key={d.code} value={d.code} label={d.short} aria-label={d.label} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group align="flex-end" grow>
            <NumberInput label="Number of weeks" min={1} max={MAX_WEEKS} allowDecimal={false} required {...form.getInputProps('weeks')} />
            {!oneToOne ? (
              <NumberInput
                label="Capacity"
                description={service ? `Defaults to ${service.default_capacity}` : undefined}
                min={1}
                max={500}
                allowDecimal={false}
                {...form.getInputProps('capacity')}
              />
            ) : null}
          </Group>
          <Text size="sm" c="dimmed" aria-live="polite">
            {describeWeekly(form.values.days, weeks)}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create series
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
