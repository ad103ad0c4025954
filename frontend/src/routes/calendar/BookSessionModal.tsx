import { Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useBookSession } from '../../api/hooks/bookings';
import type { Me } from '../../api/types';
import { notify } from '../../lib/notify';
import { useServerForm } from '../../lib/useServerForm';
import { wallClockToUtc } from '../../lib/zoned';
import { ScheduleErrorAlert } from './OutsideHoursAlert';
import { ClientSelect, DateTimeFields, orNull, WhereWhoFields } from './pickers';
import { MAX_LENGTH } from '../../api/limits';

const FIELDS = ['service_id', 'trainer_id', 'client_id', 'starts_at', 'location_id', 'room_id', 'notes'] as const;

export interface Prefill {
  date: string;
  time: string;
}

export function BookSessionModal({ me, timeZone, prefill, onClose }: { me: Me; timeZone: string; prefill: Prefill; onClose: () => void }) {
  const book = useBookSession();
  const form = useForm({
    initialValues: {
      service_id: '',
      trainer_id: me.user.trainer_id ?? '',
      client_id: '',
      date: prefill.date,
      time: prefill.time,
      location_id: '',
      room_id: '',
      notes: '',
    },
    validate: {
      service_id: (v) => (v ? null : 'Choose a service'),
      trainer_id: (v) => (v ? null : 'Choose a trainer'),
      client_id: (v) => (v ? null : 'Choose a client'),
      date: (v) => (v ? null : 'Pick a date'),
      time: (v) => (v ? null : 'Pick a start time'),
    },
  });
  const server = useServerForm(form, FIELDS);

  const send = (v: typeof form.values, allowOutsideHours: boolean) =>
    void server
      .run(() =>
        book.mutateAsync({
          service_id: v.service_id,
          trainer_id: v.trainer_id,
          client_id: v.client_id,
          starts_at: wallClockToUtc(v.date, v.time, timeZone),
          location_id: orNull(v.location_id),
          room_id: orNull(v.room_id),
          notes: orNull(v.notes),
          allow_outside_hours: allowOutsideHours,
        }),
      )
      .then((ok) => {
        if (!ok) return;
        notify({ color: 'green', message: 'Session booked.' });
        onClose();
      });
  const submit = form.onSubmit((v) => send(v, false));
  const bookAnyway = form.onSubmit((v) => send(v, true));

  return (
    <Modal opened onClose={onClose} title="Book a session" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <ScheduleErrorAlert
            error={server.error}
            otherErrors={server.otherErrors}
            question="Book anyway?"
            confirmLabel="Book anyway"
            loading={book.isPending}
            onConfirm={() => bookAnyway()}
          />
          <WhereWhoFields form={form} role={me.user.role} kind="one_to_one" />
          <ClientSelect
            trainerId={form.values.trainer_id}
            role={me.user.role}
            inputProps={{ ...form.getInputProps('client_id'), key: form.key('client_id') }}
          />
          <DateTimeFields form={form} />
          <Textarea label="Notes" autosize minRows={2} maxLength={MAX_LENGTH.SessionIn.notes} {...form.getInputProps('notes')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={book.isPending}>
              Book session
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
