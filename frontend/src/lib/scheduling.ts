import type { AppointmentStatus, BookingStatus, CalendarEvent, ServiceKind } from '../api/types';

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  booked: 'Booked',
  waitlisted: 'Waitlisted',
  cancelled: 'Cancelled',
  late_cancelled: 'Late cancelled',
  attended: 'Attended',
  no_show: 'No-show',
  voided: 'Voided',
};

export const BOOKING_STATUS_COLORS: Record<BookingStatus, string> = {
  booked: 'blue',
  waitlisted: 'orange',
  cancelled: 'gray',
  late_cancelled: 'red',
  attended: 'green',
  no_show: 'red',
  voided: 'gray',
};

/** Where an appointment stands now: the stored status only says scheduled or cancelled, time says the rest. */
export type AppointmentPhase = 'scheduled' | 'in_progress' | 'past' | 'cancelled';

export const APPOINTMENT_PHASE_LABELS: Record<AppointmentPhase, string> = {
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  past: 'Past',
  cancelled: 'Cancelled',
};

export const APPOINTMENT_PHASE_COLORS: Record<AppointmentPhase, string> = {
  scheduled: 'blue',
  in_progress: 'teal',
  past: 'dark',
  cancelled: 'gray',
};

export function appointmentPhase(
  appointment: { status: AppointmentStatus; starts_at: string; ends_at: string },
  now: number = Date.now(),
): AppointmentPhase {
  if (appointment.status === 'cancelled') return 'cancelled';
  if (now >= Date.parse(appointment.ends_at)) return 'past';
  return now >= Date.parse(appointment.starts_at) ? 'in_progress' : 'scheduled';
}

export const SERVICE_KIND_LABELS: Record<ServiceKind, string> = {
  one_to_one: '1:1 session',
  group: 'Group class',
};

export const PENALTY_LABELS = {
  none: 'Record only',
  forfeit_credit: 'Session counts as used',
  fee: 'Charge a fee',
} as const;

/** Black or white text, whichever reads better on a `#rrggbb` background (WCAG relative luminance). */
export function textColourOn(background: string): '#000000' | '#ffffff' {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(background);
  if (!m) return '#ffffff';
  const channel = (hex: string) => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(m[1]) + 0.7152 * channel(m[2]) + 0.0722 * channel(m[3]);
  // Contrast with white is (1.05)/(L+0.05), with black (L+0.05)/0.05: pick the larger.
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

/**
 * What the calendar shows as an event's title: for a 1:1 the client comes first (short slots cut the rest).
 * With every trainer on one calendar, the trainer's name leads, so staff see whose session it is.
 */
export function eventTitle(event: CalendarEvent, withTrainer = false): string {
  const name = event.title || event.service_name;
  const what = event.kind === 'group' ? `${name} (${event.booked_count}/${event.capacity})` : event.client_name ? `${event.client_name} · ${name}` : name;
  return withTrainer ? `${event.trainer_name}: ${what}` : what;
}

/** Distinct, dark-enough colours for telling trainers apart (their events' edge and list dot). */
const TRAINER_COLOURS = ['#1971c2', '#c2255c', '#2f9e44', '#e8590c', '#6741d9', '#0c8599', '#f08c00', '#495057'];

function colourSlot(trainerId: string): number {
  let hash = 0;
  for (const ch of trainerId) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return Math.abs(hash) % TRAINER_COLOURS.length;
}

/** The same colour for a trainer on every load: picked from their id. Two trainers may share it. */
export function trainerColour(trainerId: string): string {
  return TRAINER_COLOURS[colourSlot(trainerId)];
}

/**
 * Colours for the trainers on one calendar, different for up to eight of them. Each keeps the colour
 * of their id unless a trainer earlier in id order already has it; then they take the next free one.
 * So a trainer's colour only changes between weeks when a clashing trainer appears or leaves.
 */
export function trainerColours(trainerIds: Iterable<string>): Map<string, string> {
  const colours = new Map<string, string>();
  let taken = new Set<number>();
  for (const id of [...new Set(trainerIds)].sort()) {
    if (taken.size === TRAINER_COLOURS.length) taken = new Set(); // more trainers than colours: reuse them
    let slot = colourSlot(id);
    while (taken.has(slot)) slot = (slot + 1) % TRAINER_COLOURS.length;
    taken.add(slot);
    colours.set(id, TRAINER_COLOURS[slot]);
  }
  return colours;
}

export const OUTSIDE_HOURS = 'outside-working-hours';

export interface CalendarInput {
  id: string;
  title: string;
  start: string;
  end: string;
  backgroundColor: string;
  borderColor: string;
  textColor: string;
  classNames: string[];
  editable: boolean;
  extendedProps: { event: CalendarEvent };
}

/**
 * An API calendar event as FullCalendar takes it: service colour, cancelled ones struck through and locked.
 * `allTrainers`: the trainer's name in the title and their colour on the event's edge (the dot in a list),
 * from `colours` (see `trainerColours`) when given.
 */
export function toCalendarInput(
  event: CalendarEvent,
  canEdit: boolean,
  allTrainers = false,
  colours?: Map<string, string>,
): CalendarInput {
  const cancelled = event.status === 'cancelled';
  return {
    id: event.id,
    title: eventTitle(event, allTrainers),
    start: event.starts_at,
    end: event.ends_at,
    backgroundColor: event.colour,
    borderColor: allTrainers ? (colours?.get(event.trainer_id) ?? trainerColour(event.trainer_id)) : event.colour,
    textColor: textColourOn(event.colour),
    classNames: [...(cancelled ? ['fc-event-cancelled'] : []), ...(allTrainers ? ['fc-event-trainer-edge'] : [])],
    editable: canEdit && !cancelled && Date.parse(event.starts_at) > Date.now(),
    extendedProps: { event },
  };
}
