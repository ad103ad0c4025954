import type { DatesSetArg, EventClickArg, EventDropArg, EventInput } from '@fullcalendar/core';
import type { DateClickArg } from '@fullcalendar/interaction';
import { Button, Paper, Stack } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { DateTime } from 'luxon';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type RescheduleIn, useCalendar, useEditSeries, useReschedule } from '../../api/hooks/bookings';
import { hasProblemType } from '../../api/problem';
import { useBusiness } from '../../api/hooks/business';
import { trainerSource } from '../../api/hooks/pickers';
import { SearchSelect } from '../../components/SearchSelect';
import type { CalendarEvent } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { CalendarFeedCard } from '../../components/CalendarFeedCard';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { notify } from '../../lib/notify';
import { OUTSIDE_HOURS, toCalendarInput, trainerColours } from '../../lib/scheduling';
import { useOpenedAt } from '../../lib/useOpenedAt';
import { addDays, safeZone, todayIn, utcToWallClock } from '../../lib/zoned';
import type { Prefill } from './BookSessionModal';
import { ScheduleErrorAlert } from './OutsideHoursAlert';
import { ScopeModal, type Scope } from './ScopeModal';

// The first paint stays light: FullCalendar, the event drawer and the dialogs are chunks of their own, loaded
// while (or after) the page shell and the week's events arrive.
const CalendarGrid = lazy(() => import('./CalendarGrid'));
const EventDrawer = lazy(() => import('./EventDrawer').then((m) => ({ default: m.EventDrawer })));
const BookSessionModal = lazy(() => import('./BookSessionModal').then((m) => ({ default: m.BookSessionModal })));
const NewClassModal = lazy(() => import('./NewClassModal').then((m) => ({ default: m.NewClassModal })));
const NewSeriesModal = lazy(() => import('./NewSeriesModal').then((m) => ({ default: m.NewSeriesModal })));
const SeriesEditModal = lazy(() => import('./SeriesEditModal').then((m) => ({ default: m.SeriesEditModal })));
const RescheduleModal = lazy(() => import('./RescheduleModal').then((m) => ({ default: m.RescheduleModal })));

/**
 * The week FullCalendar opens on (Monday to Monday in the business zone, as UTC instants in the form its
 * datesSet produces): asked for before FullCalendar has loaded, under the same query key it will ask with.
 */
export function openingWeek(openedAt: string, timeZone: string): { from: string; to: string } {
  const monday = DateTime.fromISO(openedAt, { zone: timeZone }).startOf('week');
  return { from: monday.toUTC().toISO()!, to: monday.plus({ weeks: 1 }).toUTC().toISO()! };
}

type Dialog = { kind: 'session' | 'class' | 'series'; prefill: Prefill } | { kind: 'edit-series' | 'reschedule'; event: CalendarEvent } | null;

/** An ISO string FullCalendar produced (with the zone's offset) as a UTC instant. */
const toUtc = (iso: string) => DateTime.fromISO(iso, { setZone: true }).toUTC().toISO()!;

export default function CalendarPage() {
  const me = useMe();
  const isAdmin = me.user.role === 'admin';
  const business = useBusiness();
  const timeZone = safeZone(business.data?.timezone);
  const [params, setParams] = useSearchParams();
  const trainerId = isAdmin ? (params.get('trainer') ?? '') : (me.user.trainer_id ?? '');
  const allTrainers = isAdmin && !trainerId;
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const openedAt = useOpenedAt();

  const [shownRange, setRange] = useState<{ from: string; to: string } | null>(null);
  const range = shownRange ?? (business.data ? openingWeek(openedAt, timeZone) : null);
  const calendar = useCalendar(range ? { ...range, ...(trainerId ? { trainer_id: trainerId } : {}) } : null);
  const [selected, setSelected] = useState<CalendarEvent | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [pendingDrop, setPendingDrop] = useState<EventDropArg | null>(null);
  const [moveError, setMoveError] = useState<unknown>(null);
  const [retryMove, setRetryMove] = useState<RescheduleIn | null>(null); // a drop outside working hours, to confirm
  const reschedule = useReschedule();
  const editSeries = useEditSeries();

  const events = useMemo<EventInput[]>(() => {
    const data = calendar.data;
    if (!data) return [];
    const colours = allTrainers ? trainerColours(data.events.map((e) => e.trainer_id)) : undefined;
    const appointments: EventInput[] = data.events.map((e) => toCalendarInput(e, true, allTrainers, colours));
    const away: EventInput[] = data.time_off.map((t) => ({
      id: `off-${t.id}`,
      start: t.starts_at,
      end: t.ends_at,
      display: 'background',
      backgroundColor: '#adb5bd',
      title: `${t.trainer_name}: ${t.reason || 'time off'}`,
    }));
    return [...appointments, ...away];
  }, [calendar.data, allTrainers]);

  // Refresh the drawer's event when the calendar reloads (after attendance, cancel…).
  const current = selected ? (calendar.data?.events.find((e) => e.id === selected.id) ?? selected) : null;

  const onDatesSet = (arg: DatesSetArg) => setRange({ from: toUtc(arg.startStr), to: toUtc(arg.endStr) });

  const prefillAt = (iso: string | null, allDay: boolean): Prefill => {
    if (!iso) return { date: todayIn(timeZone), time: '09:00' };
    if (allDay) return { date: iso.slice(0, 10), time: '09:00' };
    return utcToWallClock(toUtc(iso), timeZone);
  };

  const failMove = (arg: EventDropArg, error: unknown) => {
    arg.revert();
    setMoveError(error);
  };

  const moveOne = (arg: EventDropArg) => {
    const event = arg.event.extendedProps.event as CalendarEvent;
    const move: RescheduleIn = { id: event.id, kind: event.kind, starts_at: toUtc(arg.event.startStr) };
    reschedule.mutate(move, {
      onSuccess: () => notify({ color: 'green', message: 'Moved.' }),
      onError: (error) => {
        failMove(arg, error);
        if (hasProblemType(error, OUTSIDE_HOURS)) setRetryMove(move);
      },
    });
  };

  const moveAnyway = () =>
    reschedule.mutate(
      { ...retryMove!, allow_outside_hours: true },
      {
        onSuccess: () => {
          setMoveError(null);
          setRetryMove(null);
          notify({ color: 'green', message: 'Moved.' });
        },
        onError: (error) => {
          setMoveError(error);
          setRetryMove(null);
        },
      },
    );

  const onEventDrop = (arg: EventDropArg) => {
    setMoveError(null);
    setRetryMove(null);
    const event = arg.event.extendedProps.event as CalendarEvent;
    if (event.series_id) setPendingDrop(arg);
    else moveOne(arg);
  };

  const applyDrop = (scope: Scope) => {
    const arg = pendingDrop!;
    setPendingDrop(null);
    if (scope === 'this') return moveOne(arg);
    const event = arg.event.extendedProps.event as CalendarEvent;
    const start_time = utcToWallClock(toUtc(arg.event.startStr), timeZone).time;
    editSeries.mutate(
      { seriesId: event.series_id!, body: { scope, occurrence_id: event.id, start_time } },
      { onSuccess: () => notify({ color: 'green', message: 'Series moved.' }), onError: (error) => failMove(arg, error) },
    );
  };

  const droppedToAnotherDay = (arg: EventDropArg) => {
    const before = (arg.oldEvent.extendedProps.event as CalendarEvent).starts_at;
    return utcToWallClock(before, timeZone).date !== utcToWallClock(toUtc(arg.event.startStr), timeZone).date;
  };

  const today = todayIn(timeZone);
  const open = (kind: 'session' | 'class' | 'series') => setDialog({ kind, prefill: { date: addDays(today, 1), time: '09:00' } });

  return (
    <Stack>
      <PageHeader
        title="Calendar"
        actions={
          <>
            <Button onClick={() => open('session')}>Book a session</Button>
            <Button variant="light" onClick={() => open('class')}>
              New class
            </Button>
            <Button variant="light" onClick={() => open('series')}>
              New recurring series
            </Button>
          </>
        }
      />
      {isAdmin ? (
        <SearchSelect
          label="Trainer"
          maw={320}
          placeholder="All trainers"
          clearable
          source={trainerSource()}
          value={trainerId || null}
          onChange={(value) => {
            const next = new URLSearchParams(params);
            if (value) next.set('trainer', value);
            else next.delete('trainer');
            setParams(next, { replace: true });
          }}
          noItemsMessage="No active trainers"
        />
      ) : null}
      {retryMove ? (
        <ScheduleErrorAlert error={moveError} question="It is back where it was. Move it anyway?" confirmLabel="Move anyway" loading={reschedule.isPending} onConfirm={moveAnyway} />
      ) : (
        <ErrorAlert error={moveError} title="Could not move it: it is back where it was" />
      )}
      <ErrorAlert error={calendar.error} onRetry={() => void calendar.refetch()} />
      <Paper withBorder p={{ base: 4, sm: 'sm' }} radius="md" className="calendar-frame" aria-busy={calendar.isFetching}>
        {business.isPending ? (
          <PageLoader label="Loading calendar" />
        ) : (
          <Suspense fallback={<PageLoader label="Loading calendar" />}>
            <CalendarGrid
              timeZone={timeZone}
              narrow={narrow}
              events={events}
              onDatesSet={onDatesSet}
              onEventClick={(arg: EventClickArg) => {
                const event = arg.event.extendedProps.event as CalendarEvent | undefined;
                if (event) setSelected(event);
              }}
              onDateClick={(arg: DateClickArg) => setDialog({ kind: 'session', prefill: prefillAt(arg.dateStr, arg.allDay) })}
              onEventDrop={onEventDrop}
            />
          </Suspense>
        )}
      </Paper>
      <CalendarFeedCard />
      {pendingDrop ? (
        <ScopeModal
          title="Move recurring appointment"
          confirmLabel="Move"
          onlyThis={droppedToAnotherDay(pendingDrop)}
          onlyThisReason="Moved to another day: only this occurrence can move. To change the days of a series, cancel the following occurrences and create a new series."
          onClose={() => {
            pendingDrop.revert();
            setPendingDrop(null);
          }}
          onConfirm={applyDrop}
        />
      ) : null}
      <Suspense fallback={null}>
        {current ? (
          <EventDrawer
            event={current}
            timeZone={timeZone}
            onClose={() => setSelected(null)}
            onEditSeries={(event) => {
              setSelected(null);
              setDialog({ kind: 'edit-series', event });
            }}
            onReschedule={(event) => {
              setSelected(null);
              setDialog({ kind: 'reschedule', event });
            }}
          />
        ) : null}
        {dialog?.kind === 'session' ? <BookSessionModal me={me} timeZone={timeZone} prefill={dialog.prefill} onClose={() => setDialog(null)} /> : null}
        {dialog?.kind === 'class' ? <NewClassModal me={me} timeZone={timeZone} prefill={dialog.prefill} onClose={() => setDialog(null)} /> : null}
        {dialog?.kind === 'series' ? <NewSeriesModal me={me} prefill={dialog.prefill} onClose={() => setDialog(null)} /> : null}
        {dialog?.kind === 'edit-series' ? <SeriesEditModal event={dialog.event} timeZone={timeZone} onClose={() => setDialog(null)} /> : null}
        {dialog?.kind === 'reschedule' ? <RescheduleModal event={dialog.event} timeZone={timeZone} onClose={() => setDialog(null)} /> : null}
      </Suspense>
    </Stack>
  );
}
