import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useCreateClass } from '../../api/hooks/bookings';
import type { Me } from '../../api/types';
import { notify } from '../../lib/notify';
import { useServerForm } from '../../lib/useServerForm';
import { wallClockToUtc } from '../../lib/zoned';
import type { Prefill } from './BookSessionModal';
import { ScheduleErrorAlert } from './OutsideHoursAlert';
import { DateTimeFields, orNull, useServiceOptions, WhereWhoFields } from './pickers';
import { MAX_LENGTH } from '../../api/limits';

const FIELDS = ['service_id', 'trainer_id', 'starts_at', 'capacity', 'location_id', 'room_id', 'title', 'duration_minutes'] as const;

export function NewClassModal({ me, timeZone, prefill, onClose }: { me: Me; timeZone: string; prefill: Prefill; onClose: () => void }) {
  const create = useCreateClass();
  const { services } = useServiceOptions('group');
  const form = useForm({
    initialValues: {
      service_id: '',
      trainer_id: me.user.trainer_id ?? '',
      date: prefill.date,
      time: prefill.time,
      location_id: '',
      room_id: '',
      title: '',
      capacity: '' as number | '',
    },
    validate: {
      service_id: (v) => (v ? null : 'Choose a class service'),
      trainer_id: (v) => (v ? null : 'Choose a trainer'),
      date: (v) => (v ? null : 'Pick a date'),
      time: (v) => (v ? null : 'Pick a start time'),
    },
  });
  const server = useServerForm(form, FIELDS);
  const service = services.find((s) => s.id === form.values.service_id);

  const send = (v: typeof form.values, allowOutsideHours: boolean) =>
    void server
      .run(() =>
        create.mutateAsync({
          service_id: v.service_id,
          trainer_id: v.trainer_id,
          starts_at: wallClockToUtc(v.date, v.time, timeZone),
          location_id: orNull(v.location_id),
          room_id: orNull(v.room_id),
          title: orNull(v.title.trim()),
          capacity: v.capacity === '' ? null : v.capacity,
          allow_outside_hours: allowOutsideHours,
        }),
      )
      .then((ok) => {
        if (!ok) return;
        notify({ color: 'green', message: 'Class created.' });
        onClose();
      });
  const submit = form.onSubmit((v) => send(v, false));
  const createAnyway = form.onSubmit((v) => send(v, true));

  return (
    <Modal opened onClose={onClose} title="New class" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ScheduleErrorAlert
            error={server.error}
            otherErrors={server.otherErrors}
            question="Create it anyway?"
            confirmLabel="Create anyway"
            loading={create.isPending}
            onConfirm={() => createAnyway()}
          />
          <WhereWhoFields form={form} role={me.user.role} kind="group" />
          <TextInput label="Title" description="Defaults to the service name" maxLength={MAX_LENGTH.ClassIn.title} {...form.getInputProps('title')} />
          <DateTimeFields form={form} />
          <NumberInput
            label="Capacity"
            description={service ? `Defaults to ${service.default_capacity}` : undefined}
            min={1}
            max={1000}
            allowDecimal={false}
            {...form.getInputProps('capacity')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create class
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
