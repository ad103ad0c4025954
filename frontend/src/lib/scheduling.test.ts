import type { CalendarEvent } from '../api/types';
import { appointmentPhase, eventTitle, textColourOn, toCalendarInput, trainerColour, trainerColours } from './scheduling';

const base: CalendarEvent = {
  id: 'a',
  kind: 'one_to_one',
  title: null,
  starts_at: '2999-01-01T07:00:00Z',
  ends_at: '2999-01-01T08:00:00Z',
  status: 'scheduled',
  service_name: 'PT 60',
  colour: '#ffe066',
  trainer_id: 't',
  trainer_name: 'Tina',
  capacity: 1,
  booked_count: 1,
  series_id: null,
  client_name: 'Cleo Client',
  my_booking_status: null,
};

describe('textColourOn', () => {
  it('picks black on light colours and white on dark ones', () => {
    expect(textColourOn('#ffe066')).toBe('#000000');
    expect(textColourOn('#1c3d5a')).toBe('#ffffff');
    expect(textColourOn('not a colour')).toBe('#ffffff');
  });
});

describe('toCalendarInput', () => {
  it('names the client of a session and the seats of a class', () => {
    expect(eventTitle(base)).toBe('Cleo Client · PT 60');
    expect(eventTitle({ ...base, kind: 'group', title: 'HIIT', capacity: 12, booked_count: 12 })).toBe('HIIT (12/12)');
  });

  it('colours by service and locks cancelled or past events', () => {
    const input = toCalendarInput(base, true);
    expect(input).toMatchObject({ backgroundColor: '#ffe066', textColor: '#000000', editable: true, classNames: [] });
    const cancelled = toCalendarInput({ ...base, status: 'cancelled' }, true);
    expect(cancelled.classNames).toContain('fc-event-cancelled');
    expect(cancelled.editable).toBe(false);
    expect(toCalendarInput({ ...base, starts_at: '2000-01-01T07:00:00Z' }, true).editable).toBe(false);
    expect(toCalendarInput(base, false).editable).toBe(false);
  });
});

describe('appointmentPhase', () => {
  const at = (iso: string) => Date.parse(iso);
  it('reads past and running appointments from the clock, not only the stored status', () => {
    expect(appointmentPhase(base, at('2998-12-31T07:00:00Z'))).toBe('scheduled');
    expect(appointmentPhase(base, at('2999-01-01T07:00:00Z'))).toBe('in_progress');
    expect(appointmentPhase(base, at('2999-01-01T08:00:00Z'))).toBe('past');
    expect(appointmentPhase({ ...base, status: 'cancelled' }, at('2999-01-01T09:00:00Z'))).toBe('cancelled');
  });
});

describe('all trainers on one calendar', () => {
  it("leads with the trainer's name and edges the event in the trainer's colour", () => {
    expect(eventTitle(base, true)).toBe('Tina: Cleo Client · PT 60');
    expect(eventTitle({ ...base, kind: 'group', title: 'HIIT', capacity: 12, booked_count: 3 }, true)).toBe('Tina: HIIT (3/12)');
    const input = toCalendarInput(base, true, true);
    expect(input.borderColor).toBe(trainerColour('t'));
    expect(input.classNames).toContain('fc-event-trainer-edge');
    expect(toCalendarInput(base, true).title).toBe('Cleo Client · PT 60');
  });

  it('gives a trainer the same colour every time and different trainers different ones', () => {
    expect(trainerColour('a1b2')).toBe(trainerColour('a1b2'));
    const ids = ['0c7d', '5f1e', '9a22', 'e031'].map((id) => `4f1c2d9e-1b7a-4c1e-9d3a-${id}5b6c7d8e`);
    expect(new Set(ids.map(trainerColour)).size).toBeGreaterThan(1);
  });

  it('gives up to eight trainers in view eight different colours, and keeps the id colour where it can', () => {
    const ids = Array.from({ length: 8 }, (_, i) => `trainer-${i}`);
    const colours = trainerColours([...ids, ...ids]);
    expect(colours.size).toBe(8);
    expect(new Set(colours.values()).size).toBe(8);
    const first = [...ids].sort()[0];
    expect(colours.get(first)).toBe(trainerColour(first));
    // Two ids of the same id colour still differ on the calendar; the first in id order keeps it.
    const clash = Array.from({ length: 100 }, (_, i) => `z${i}`).find((id) => trainerColour(id) === trainerColour(first));
    expect(clash).toBeDefined();
    const pair = trainerColours([clash!, first]);
    expect(pair.get(first)).toBe(trainerColour(first));
    expect(pair.get(clash!)).not.toBe(trainerColour(first));
    expect(toCalendarInput({ ...base, trainer_id: first }, true, true, pair).borderColor).toBe(pair.get(first));
    expect(trainerColours(Array.from({ length: 9 }, (_, i) => `t${i}`)).size).toBe(9);
  });
});
