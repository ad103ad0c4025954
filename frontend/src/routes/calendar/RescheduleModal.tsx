import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useReschedule } from '../../api/hooks/bookings';
import type { CalendarEvent } from '../../api/types';
import { notify } from '../../lib/notify';
import { eventTitle } from '../../lib/scheduling';
import { useServerForm } from '../../lib/useServerForm';
import { formatInZone, utcToWallClock, wallClockToUtc } from '../../lib/zoned';
import { ScheduleErrorAlert } from './OutsideHoursAlert';
import { DateTimeFields } from './pickers';

/** Move a session or class to another date and time without dragging it (keyboard, phone); the length stays. */
export function RescheduleModal({ event, timeZone, onClose }: { event: CalendarEvent; timeZone: string; onClose: () => void }) {
  const reschedule = useReschedule();
  const form = useForm({
    initialValues: utcToWallClock(event.starts_at, timeZone),
    validate: {
      date: (v) => (v ? null : 'Pick a date'),
      time: (v) => (v ? null : 'Pick a start time'),
    },
  });
  const server = useServerForm(form, ['date', 'time']);
  const minutes = Math.round((Date.parse(event.ends_at) - Date.parse(event.starts_at)) / 60000);
  const noun = event.kind === 'group' ? 'class' : 'session';

  const send = (v: typeof form.values, allowOutsideHours: boolean) => {
    const startsAt = wallClockToUtc(v.date, v.time, timeZone);
    void server
      .run(() => reschedule.mutateAsync({ id: event.id, kind: event.kind, starts_at: startsAt, allow_outside_hours: allowOutsideHours }))
      .then((ok) => {
        if (!ok) return;
        notify({ color: 'green', message: `Moved to ${formatInZone(startsAt, timeZone)}.` });
        onClose();
      });
  };
  const submit = form.onSubmit((v) => send(v, false));
  const moveAnyway = form.onSubmit((v) => send(v, true));

  return (
    <Modal opened onClose={onClose} title={`Reschedule ${noun}`}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            {eventTitle(event)}, now {formatInZone(event.starts_at, timeZone)}. It keeps its length of {minutes} minutes.
            {event.series_id ? ' Only this occurrence moves; use “Edit series…” to move the others.' : ''}
          </Text>
          <ScheduleErrorAlert
            error={server.error}
            otherErrors={server.otherErrors}
            question="Move it anyway?"
            confirmLabel="Move anyway"
            loading={reschedule.isPending}
            onConfirm={() => moveAnyway()}
          />
          <DateTimeFields form={form} dateLabel="New date" timeLabel="New start time" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={reschedule.isPending}>
              Move {noun}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
