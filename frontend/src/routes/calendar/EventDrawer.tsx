import { Badge, Button, Drawer, Group, Loader, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import {
  type AttendanceAction,
  useCancelAppointment,
  useCancelSeries,
  useMarkAttendance,
  useClass,
  useRoster,
  useSession,
  useVoidBooking,
} from '../../api/hooks/bookings';
import type { BookingStatus, CalendarEvent, RosterEntry } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { notify } from '../../lib/notify';
import {
  APPOINTMENT_PHASE_COLORS,
  APPOINTMENT_PHASE_LABELS,
  appointmentPhase,
  BOOKING_STATUS_COLORS,
  BOOKING_STATUS_LABELS,
  SERVICE_KIND_LABELS,
} from '../../lib/scheduling';
import { useNow } from '../../lib/useNow';
import { formatInZone, formatTimeRange, utcToWallClock } from '../../lib/zoned';
import { ScopeModal } from './ScopeModal';
import { MAX_LENGTH } from '../../api/limits';
import { useBookingRules } from '../../api/hooks/setup';

function StatusBadge({ status }: { status: BookingStatus }) {
  return (
    <Badge variant="light" color={BOOKING_STATUS_COLORS[status]} miw="max-content">
      {BOOKING_STATUS_LABELS[status]}
    </Badge>
  );
}

/** When attendance may be recorded: check-in shortly before the start, attended and no-show from the start. */
interface AttendanceTimes {
  startsAt: string;
  endsAt: string;
  checkInOpensAt: string;
  now: number;
}

function attendanceStage({ startsAt, endsAt, checkInOpensAt, now }: AttendanceTimes): 'closed' | 'check-in' | 'open' | 'ended' {
  if (now >= Date.parse(endsAt)) return 'ended';
  if (now >= Date.parse(startsAt)) return 'open';
  return now >= Date.parse(checkInOpensAt) ? 'check-in' : 'closed';
}

/** Why some attendance buttons are missing, said once above the list. */
function AttendanceHint({ times, timeZone }: { times: AttendanceTimes; timeZone: string }) {
  const stage = attendanceStage(times);
  if (stage === 'open' || stage === 'ended') return null;
  const at = (iso: string) => utcToWallClock(iso, timeZone).time;
  return (
    <Text size="sm" c="dimmed">
      {stage === 'closed'
        ? `Attendance can be recorded once it starts (${at(times.startsAt)}); check-in opens at ${at(times.checkInOpensAt)}.`
        : `Check-in is open. Attended and no-show can be recorded once it starts (${at(times.startsAt)}).`}
    </Text>
  );
}

/** Check-in, attendance and its corrections for one booking (a class roster row or a 1:1 session). */
function AttendanceButtons({
  bookingId,
  who,
  status,
  checkedIn,
  times,
  onVoid,
}: {
  bookingId: string;
  who: string;
  status: BookingStatus;
  checkedIn: boolean;
  times: AttendanceTimes;
  onVoid: () => void;
}) {
  const mark = useMarkAttendance();
  const rules = useBookingRules();
  const run = (action: AttendanceAction) => mark.mutate({ bookingId, action });
  if (status === 'waitlisted' || status === 'cancelled' || status === 'voided') return null;
  const stage = attendanceStage(times);
  const started = stage === 'open' || stage === 'ended';
  // Before the cancellation window a client not coming is a plain cancel (the server refuses a late cancel).
  const windowMs = (rules.data?.cancellation_window_hours ?? 0) * 3_600_000;
  const lateCancelOpen = rules.data !== undefined && times.now >= Date.parse(times.startsAt) - windowMs;
  const busy = mark.isPending ? mark.variables?.action : undefined;
  return (
    <Group gap={4} wrap="wrap" mt={4}>
      {stage === 'check-in' || stage === 'open' ? (
        <Button size="compact-xs" variant={checkedIn ? 'filled' : 'light'} disabled={checkedIn} loading={busy === 'check-in'} onClick={() => run('check-in')} aria-label={`Check in ${who}`}>
          {checkedIn ? 'Checked in' : 'Check in'}
        </Button>
      ) : null}
      {started && status !== 'attended' ? (
        <Button size="compact-xs" variant="light" color="green" loading={busy === 'attended'} onClick={() => run('attended')} aria-label={`Mark ${who} attended`}>
          Attended
        </Button>
      ) : null}
      {started && status !== 'no_show' ? (
        <Button size="compact-xs" variant="light" color="red" loading={busy === 'no_show'} onClick={() => run('no_show')} aria-label={`Mark ${who} no-show`}>
          No-show
        </Button>
      ) : null}
      {lateCancelOpen && status !== 'late_cancelled' ? (
        <Button size="compact-xs" variant="light" color="orange" loading={busy === 'late_cancelled'} onClick={() => run('late_cancelled')} aria-label={`Mark ${who} late-cancelled`}>
          Late cancel
        </Button>
      ) : null}
      {status === 'attended' || status === 'no_show' ? (
        <Button size="compact-xs" variant="subtle" color="gray" loading={busy === 'booked'} onClick={() => run('booked')} aria-label={`Clear ${who}'s attendance mark`}>
          Clear mark
        </Button>
      ) : null}
      {started ? (
        <Button size="compact-xs" variant="subtle" color="red" onClick={onVoid} aria-label={`Void ${who}'s booking`}>
          Void…
        </Button>
      ) : null}
    </Group>
  );
}

interface VoidTarget {
  bookingId: string;
  who: string;
}

/** Strike out a booking made by mistake, after its start: a reason is required and kept with the booking. */
function VoidDialog({ target, kind, onClose }: { target: VoidTarget | null; kind: CalendarEvent['kind']; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const voiding = useVoidBooking();
  const close = () => {
    setReason('');
    setMissing(false);
    voiding.reset();
    onClose();
  };
  const submit = () => {
    if (!target) return;
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    voiding.mutate(
      { bookingId: target.bookingId, reason: reason.trim() },
      {
        onSuccess: () => {
          notify({ color: 'green', message: `${target.who}'s booking is void.` });
          close();
        },
      },
    );
  };
  return (
    <ConfirmDialog
      opened={target !== null}
      title={`Void ${target?.who ?? ''}'s booking?`}
      confirmLabel="Void booking"
      dismissLabel="Keep it"
      loading={voiding.isPending}
      onClose={close}
      onConfirm={submit}
    >
      For a booking made by mistake. It is struck out as if it never happened: no attendance, no penalty, and it
      counts nowhere.{kind === 'one_to_one' ? ' The session is cancelled with it.' : ''} The client's sessions
      show it as voided. No message is sent to the client.
      <ErrorAlert error={voiding.error} title="Could not void the booking" />
      <Textarea
        mt="sm"
        label="Reason"
        description="Required. Kept with the booking and in the client's activity; the client can see it too."
        required
        maxLength={MAX_LENGTH.VoidIn.reason}
        autosize
        minRows={2}
        value={reason}
        error={missing ? 'Say why the booking is void.' : undefined}
        onChange={(e) => {
          setReason(e.currentTarget.value);
          setMissing(false);
        }}
      />
    </ConfirmDialog>
  );
}

function VoidedNote({ reason }: { reason: string | null | undefined }) {
  return reason ? (
    <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
      Voided: {reason}
    </Text>
  ) : null;
}

function RosterGroup({
  label,
  entries,
  timeZone,
  times,
  onVoid,
}: {
  label: string;
  entries: RosterEntry[];
  timeZone: string;
  times: AttendanceTimes;
  onVoid: (target: VoidTarget) => void;
}) {
  if (entries.length === 0) return null;
  return (
    <Table verticalSpacing="xs" aria-label={label}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>
            {label} ({entries.length})
          </Table.Th>
          <Table.Th w={120}>Status</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((entry) => (
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
              <VoidedNote reason={entry.void_reason} />
              <AttendanceButtons
                bookingId={entry.booking_id}
                who={entry.client_name}
                status={entry.status}
                checkedIn={Boolean(entry.checked_in_at)}
                times={times}
                onVoid={() => onVoid({ bookingId: entry.booking_id, who: entry.client_name })}
              />
            </Table.Td>
            <Table.Td valign="top">
              <StatusBadge status={entry.status} />
              {entry.waitlist_position ? <Text size="xs">#{entry.waitlist_position} on waitlist</Text> : null}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const HOLDS_PLACE: BookingStatus[] = ['booked', 'attended'];

/** The class roster: each count in the header is the length of the group listed under it. */
function Roster({ classId, endsAt, timeZone, now }: { classId: string; endsAt: string; timeZone: string; now: number }) {
  const roster = useRoster(classId);
  const [voiding, setVoiding] = useState<VoidTarget | null>(null);
  if (roster.isPending) return <PageLoader label="Loading roster" />;
  if (roster.error) return <ErrorAlert error={roster.error} onRetry={() => void roster.refetch()} />;
  const { items, capacity, starts_at, check_in_opens_at } = roster.data;
  const seated = items.filter((e) => HOLDS_PLACE.includes(e.status));
  const waiting = items.filter((e) => e.status === 'waitlisted');
  const notAttending = items.filter((e) => !HOLDS_PLACE.includes(e.status) && e.status !== 'waitlisted');
  const times = { startsAt: starts_at, endsAt, checkInOpensAt: check_in_opens_at, now };
  const summary = [
    `${seated.length} of ${capacity} places taken`,
    waiting.length ? `${waiting.length} waiting` : '',
    notAttending.length ? `${notAttending.length} not attending` : '',
  ].filter(Boolean);
  return (
    <Stack gap="xs">
      <Title order={3} fz="h5">
        Roster · {summary.join(', ')}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody has booked yet.
        </Text>
      ) : (
        <>
          <AttendanceHint times={times} timeZone={timeZone} />
          <RosterGroup label="Places taken" entries={seated} timeZone={timeZone} times={times} onVoid={setVoiding} />
          <RosterGroup label="Waitlist" entries={waiting} timeZone={timeZone} times={times} onVoid={setVoiding} />
          <RosterGroup label="Not attending" entries={notAttending} timeZone={timeZone} times={times} onVoid={setVoiding} />
        </>
      )}
      <VoidDialog target={voiding} kind="group" onClose={() => setVoiding(null)} />
    </Stack>
  );
}

function SessionAttendance({ sessionId, timeZone, now }: { sessionId: string; timeZone: string; now: number }) {
  const session = useSession(sessionId);
  const [voiding, setVoiding] = useState<VoidTarget | null>(null);
  if (session.isPending) return <PageLoader label="Loading session" />;
  if (session.error) return <ErrorAlert error={session.error} />;
  const s = session.data;
  if (!s.booking_id || !s.booking_status) return null;
  const who = s.client_name ?? 'client';
  const times = { startsAt: s.starts_at, endsAt: s.ends_at, checkInOpensAt: s.check_in_opens_at, now };
  const markable = s.status !== 'cancelled' && !['waitlisted', 'cancelled', 'voided'].includes(s.booking_status);
  return (
    <Stack gap="xs">
      <Title order={3} fz="h5">
        Attendance
      </Title>
      <Group gap="xs">
        <StatusBadge status={s.booking_status} />
      </Group>
      <VoidedNote reason={s.void_reason} />
      {markable ? <AttendanceHint times={times} timeZone={timeZone} /> : null}
      {markable ? (
        <AttendanceButtons
          bookingId={s.booking_id}
          who={who}
          status={s.booking_status}
          checkedIn={Boolean(s.checked_in_at)}
          times={times}
          onVoid={() => setVoiding({ bookingId: s.booking_id!, who })}
        />
      ) : null}
      {s.notes ? <Text size="sm">Notes: {s.notes}</Text> : null}
      <VoidDialog target={voiding} kind="one_to_one" onClose={() => setVoiding(null)} />
    </Stack>
  );
}

/**
 * Where it takes place. Calendar events carry only what the calendar draws (a week holds hundreds of them), so
 * this comes from the session or class itself when the event is opened; the 1:1 request is the one the
 * attendance section makes anyway.
 */
function Place({ event }: { event: CalendarEvent }) {
  const session = useSession(event.kind === 'one_to_one' ? event.id : null);
  const group = useClass(event.kind === 'group' ? event.id : null);
  const detail = event.kind === 'group' ? group : session;
  if (detail.isPending) return <Loader size="xs" aria-label="Loading the location" />;
  if (detail.error) {
    return (
      <Text span size="sm" c="red">
        Could not load the location.
      </Text>
    );
  }
  return [detail.data.location_name, detail.data.room_name].filter(Boolean).join(' · ') || '—';
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
        {event.kind === 'group'
          ? "Every place in it is cancelled and shows as cancelled in each client's sessions. No message is sent: tell the clients yourself."
          : "The booking is cancelled and shows as cancelled in the client's sessions. No message is sent: tell the client yourself."}
        <Textarea mt="sm" label="Reason (optional)" maxLength={MAX_LENGTH.CancelIn.reason} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
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
  const now = useNow();
  const phase = event ? appointmentPhase(event, now) : null;
  return (
    <Drawer opened={event !== null} onClose={onClose} position="right" size="lg" title={event ? event.title || event.service_name : ''}>
      {event ? (
        <Stack>
          <Group gap="xs">
            {phase ? (
              <Badge color={APPOINTMENT_PHASE_COLORS[phase]} variant="light">
                {APPOINTMENT_PHASE_LABELS[phase]}
              </Badge>
            ) : null}
            <Badge variant="outline">{SERVICE_KIND_LABELS[event.kind]}</Badge>
            {event.series_id ? <Badge variant="outline">Recurring</Badge> : null}
          </Group>
          <DescriptionList
            items={[
              ['When', `${formatInZone(event.starts_at, timeZone)} (${formatTimeRange(event.starts_at, event.ends_at, timeZone)})`],
              ['Service', event.service_name],
              ['Trainer', event.trainer_name],
              ...(event.kind === 'one_to_one' ? [['Client', event.client_name] as [string, string | null]] : []),
              ['Location', <Place event={event} />],
            ]}
          />
          {event.kind === 'group' ? (
            <Roster classId={event.id} endsAt={event.ends_at} timeZone={timeZone} now={now} />
          ) : (
            <SessionAttendance sessionId={event.id} timeZone={timeZone} now={now} />
          )}
          {phase === 'scheduled' ? (
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
