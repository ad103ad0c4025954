import { Button, Group, Modal, NumberInput, Radio, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useEditSeries } from '../../api/hooks/bookings';
import { hasProblemType } from '../../api/problem';
import type { CalendarEvent } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { notify } from '../../lib/notify';
import { useServerForm } from '../../lib/useServerForm';
import { utcToWallClock } from '../../lib/zoned';
import type { Scope } from './ScopeModal';
import { type ClashAnswer, NO_ANSWER, SeriesClashAlert } from './SeriesClashAlert';
import { MAX_LENGTH } from '../../api/limits';

const FIELDS = ['scope', 'start_time', 'duration_minutes', 'title'] as const;

/** Edit an occurrence of a series: this one, this and following, or all. */
export function SeriesEditModal({ event, timeZone, onClose }: { event: CalendarEvent; timeZone: string; onClose: () => void }) {
  const edit = useEditSeries();
  const minutes = Math.round((Date.parse(event.ends_at) - Date.parse(event.starts_at)) / 60_000);
  const initial = { scope: 'this' as Scope, start_time: utcToWallClock(event.starts_at, timeZone).time, duration_minutes: minutes as number | '', title: event.title ?? '' };
  const [answer, setAnswer] = useState<ClashAnswer>(NO_ANSWER);
  // Clashes found for other values, and the answer to them, do not carry over.
  const form = useForm({ initialValues: initial, onValuesChange: () => { server.clear(); setAnswer(NO_ANSWER); } });
  const server = useServerForm(form, FIELDS);

  const send = (v: typeof form.values, next: ClashAnswer) => {
    // Send only what changed, so "all" does not overwrite other occurrences' own values needlessly.
    const body = {
      scope: v.scope,
      occurrence_id: event.id,
      ...(v.start_time !== initial.start_time ? { start_time: v.start_time } : {}),
      ...(v.duration_minutes !== initial.duration_minutes && v.duration_minutes !== '' ? { duration_minutes: v.duration_minutes } : {}),
      ...(v.title.trim() !== initial.title ? { title: v.title.trim() || null } : {}),
      ...(v.scope === 'following' ? { skip_dates: next.skip, allow_outside_hours: next.allowOutsideHours } : {}),
    };
    void server.run(() => edit.mutateAsync({ seriesId: event.series_id!, body })).then((ok) => {
      setAnswer(next);
      if (!ok) return;
      notify({ color: 'green', message: 'Series updated.' });
      onClose();
    });
  };
  const submit = form.onSubmit((v) => send(v, answer));
  // Only "this and following" builds new occurrences, so only it can answer with clashing dates.
  const clashes = hasProblemType(server.error, 'series-clashes') ? (server.error.problem.clashes ?? []) : [];
  const skipClashes = form.onSubmit((v) => send(v, { ...answer, skip: [...answer.skip, ...clashes.map((c) => c.date)] }));
  const allowOutsideHours = form.onSubmit((v) => send(v, { ...answer, allowOutsideHours: true }));

  return (
    <Modal opened onClose={onClose} title="Edit recurring series" size="md">
      <form onSubmit={submit} noValidate>
        <Stack>
          {clashes.length ? (
            <SeriesClashAlert clashes={clashes} action="save" loading={edit.isPending} onSkip={() => skipClashes()} onAllowOutsideHours={() => allowOutsideHours()} />
          ) : (
            <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
          )}
          <Radio.Group label="Apply to" {...form.getInputProps('scope')}>
            <Stack gap="xs" mt="xs">
              <Radio value="this" label="This occurrence" />
              <Radio value="following" label="This and following occurrences" />
              <Radio value="all" label="All occurrences" />
            </Stack>
          </Radio.Group>
          <TextInput type="time" label="Start time" step={300} {...form.getInputProps('start_time')} />
          <NumberInput label="Duration (minutes)" min={5} max={720} allowDecimal={false} {...form.getInputProps('duration_minutes')} />
          {event.kind === 'group' ? <TextInput label="Title" maxLength={MAX_LENGTH.SeriesEdit.title} {...form.getInputProps('title')} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button type="submit" loading={edit.isPending}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
