import { Badge, Button, Drawer, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import {
  type AttendanceAction,
  useCancelAppointment,
  useCancelSeries,
  useMarkAttendance,
  useRoster,
  useSession,
} from '../../api/hooks/bookings';
import type { BookingStatus, CalendarEvent, RosterEntry } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { notify } from '../../lib/notify';
import { BOOKING_STATUS_COLORS, BOOKING_STATUS_LABELS, SERVICE_KIND_LABELS } from '../../lib/scheduling';
import { formatInZone, formatTimeRange } from '../../lib/zoned';
import { ScopeModal } from './ScopeModal';

function StatusBadge({ status }: { status: BookingStatus }) {
  return (
    <Badge variant="light" color={BOOKING_STATUS_COLORS[status]}>
      {BOOKING_STATUS_LABELS[status]}
    </Badge>
  );
}

/** Check-in and attendance buttons for one booking (a class roster row or a 1:1 session). */
function AttendanceButtons({ bookingId, who, status, checkedIn }: { bookingId: string; who: string; status: BookingStatus; checkedIn: boolean }) {
  const mark = useMarkAttendance();
  const run = (action: AttendanceAction) => mark.mutate({ bookingId, action });
  if (status === 'waitlisted' || status === 'cancelled') return null;
  const busy = mark.isPending ? mark.variables?.action : undefined;
  return (
    <Group gap={4} wrap="wrap" mt={4}>
      <Button size="compact-xs" variant={checkedIn ? 'filled' : 'light'} disabled={checkedIn} loading={busy === 'check-in'} onClick={() => run('check-in')} aria-label={`Check in ${who}`}>
        {checkedIn ? 'Checked in' : 'Check in'}
      </Button>
      <Button size="compact-xs" variant="light" color="green" loading={busy === 'attended'} onClick={() => run('attended')} aria-label={`Mark ${who} attended`}>
        Attended
      </Button>
      <Button size="compact-xs" variant="light" color="red" loading={busy === 'no_show'} onClick={() => run('no_show')} aria-label={`Mark ${who} no-show`}>
        No-show
      </Button>
      <Button size="compact-xs" variant="light" color="orange" loading={busy === 'late_cancelled'} onClick={() => run('late_cancelled')} aria-label={`Mark ${who} late-cancelled`}>
        Late cancel
      </Button>
    </Group>
  );
}

function Roster({ classId, timeZone }: { classId: string; timeZone: string }) {
  const roster = useRoster(classId);
  if (roster.isPending) return <PageLoader label="Loading roster" />;
  if (roster.error) return <ErrorAlert error={roster.error} onRetry={() => void roster.refetch()} />;
  const { items, capacity, seats_taken, waitlist_count } = roster.data;
  return (
    <Stack gap="xs">
      <Title order={3} fz="h5">
        Roster · {seats_taken}/{capacity} booked{waitlist_count ? `, ${waitlist_count} waiting` : ''}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody has booked yet.
        </Text>
      ) : (
        <Table verticalSpacing="xs" aria-label="Class roster">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client and attendance</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((entry: RosterEntry) => (
              <Table.Tr key={entry.booking_id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {entry.client_name}
                  </Text>
                  {entry.checked_in_at ? (
                    <Text size="xs" c="dimmed">
                      In at {formatInZone(entry.checked_in_at, timeZone)}
                    </Text>
                  ) : null}
                  <AttendanceButtons bookingId={entry.booking_id} who={entry.client_name} status={entry.status} checkedIn={Boolean(entry.checked_in_at)} />
                </Table.Td>
                <Table.Td valign="top">
                  <StatusBadge status={entry.status} />
                  {entry.waitlist_position ? <Text size="xs">#{entry.waitlist_position} on waitlist</Text> : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function SessionAttendance({ sessionId }: { sessionId: string }) {
  const session = useSession(sessionId);
  if (session.isPending) return <PageLoader label="Loading session" />;
  if (session.error) return <ErrorAlert error={session.error} />;
  const s = session.data;
  if (!s.booking_id || !s.booking_status) return null;
  return (
    <Stack gap="xs">
      <Title order={3} fz="h5">
        Attendance
      </Title>
      <Group gap="xs">
        <StatusBadge status={s.booking_status} />
      </Group>
      <AttendanceButtons bookingId={s.booking_id} who={s.client_name ?? 'client'} status={s.booking_status} checkedIn={Boolean(s.checked_in_at)} />
      {s.notes ? <Text size="sm">Notes: {s.notes}</Text> : null}
    </Stack>
  );
}

function CancelAction({ event, onDone }: { event: CalendarEvent; onDone: () => void }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const cancel = useCancelAppointment();
  const cancelSeries = useCancelSeries();
  const noun = event.kind === 'group' ? 'class' : 'session';
  const done = () => {
    notify({ color: 'green', message: `Cancelled.` });
    setAsking(false);
    onDone();
  };
  const error = cancel.error ?? cancelSeries.error;
  return (
    <>
      <ErrorAlert error={error} title={`Could not cancel the ${noun}`} />
      <Button color="red" variant="outline" onClick={() => setAsking(true)}>
        Cancel {noun}
      </Button>
      {asking && event.series_id ? (
        <ScopeModal
          title={`Cancel ${noun}`}
          confirmLabel="Cancel occurrences"
          color="red"
          loading={cancelSeries.isPending}
          onClose={() => setAsking(false)}
          onConfirm={(scope) =>
            cancelSeries.mutate({ seriesId: event.series_id!, scope, occurrenceId: event.id }, { onSuccess: done, onError: () => setAsking(false) })
          }
        />
      ) : null}
      <ConfirmDialog
        opened={asking && !event.series_id}
        title={`Cancel this ${noun}?`}
        confirmLabel={`Cancel ${noun}`}
        dismissLabel="Keep it"
        loading={cancel.isPending}
        onClose={() => setAsking(false)}
        onConfirm={() =>
          cancel.mutate({ id: event.id, kind: event.kind, reason: reason.trim() || undefined }, { onSuccess: done, onError: () => setAsking(false) })
        }
      >
        {event.kind === 'group' ? 'Every booked client is told it is cancelled.' : 'The client is told it is cancelled.'}
        <Textarea mt="sm" label="Reason (optional)" value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
      </ConfirmDialog>
    </>
  );
}

export function EventDrawer({
  event,
  timeZone,
  onClose,
  onEditSeries,
  onReschedule,
}: {
  event: CalendarEvent | null;
  timeZone: string;
  onClose: () => void;
  onEditSeries: (event: CalendarEvent) => void;
  onReschedule: (event: CalendarEvent) => void;
}) {
  return (
    <Drawer opened={event !== null} onClose={onClose} position="right" size="lg" title={event ? event.title || event.service_name : ''}>
      {event ? (
        <Stack>
          <Group gap="xs">
            <Badge color={event.status === 'cancelled' ? 'gray' : 'blue'} variant="light">
              {event.status === 'cancelled' ? 'Cancelled' : 'Scheduled'}
            </Badge>
            <Badge variant="outline">{SERVICE_KIND_LABELS[event.kind]}</Badge>
            {event.series_id ? <Badge variant="outline">Recurring</Badge> : null}
          </Group>
          <DescriptionList
            items={[
              ['When', `${formatInZone(event.starts_at, timeZone)} (${formatTimeRange(event.starts_at, event.ends_at, timeZone)})`],
              ['Service', event.service_name],
              ['Trainer', event.trainer_name],
              ...(event.kind === 'one_to_one' ? [['Client', event.client_name] as [string, string | null]] : []),
              ['Location', [event.location_name, event.room_name].filter(Boolean).join(' · ')],
              ...(event.kind === 'group'
                ? [['Places', `${event.booked_count} of ${event.capacity} booked${event.waitlist_count ? `, ${event.waitlist_count} waiting` : ''}`] as [string, string]]
                : []),
            ]}
          />
          {event.kind === 'group' ? <Roster classId={event.id} timeZone={timeZone} /> : <SessionAttendance sessionId={event.id} />}
          {event.status !== 'cancelled' ? (
            <Group>
              {Date.parse(event.starts_at) > Date.now() ? (
                <Button variant="default" onClick={() => onReschedule(event)}>
                  Reschedule…
                </Button>
              ) : null}
              {event.series_id ? (
                <Button variant="default" onClick={() => onEditSeries(event)}>
                  Edit series…
                </Button>
              ) : null}
              <CancelAction event={event} onDone={onClose} />
            </Group>
          ) : null}
        </Stack>
      ) : null}
    </Drawer>
  );
}
