import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CalendarEvent, ClassOut, RosterOut, SessionOut } from '../../api/types';
import { jsonResponse, renderWithApp } from '../../test/render';
import { EventDrawer } from './EventDrawer';

const me = {
  user: { id: 'u1', email: 'tina@example.com', full_name: 'Tina Trainer', role: 'trainer', trainer_id: 't1', client_id: null, unit_system: 'metric' },
  csrf_token: 'csrf-1',
  default_phone_region: 'GB',
};

const drawn: CalendarEvent = {
  id: 'a1',
  kind: 'one_to_one',
  title: null,
  starts_at: '2999-01-01T09:00:00Z',
  ends_at: '2999-01-01T10:00:00Z',
  status: 'scheduled',
  service_name: 'PT session',
  colour: '#ff8800',
  trainer_id: 't1',
  trainer_name: 'Tina Trainer',
  capacity: 1,
  booked_count: 1,
  series_id: null,
  client_name: 'Cleo Client',
  my_booking_status: null,
};

const common = {
  service_id: 's1',
  service_name: 'PT session',
  colour: '#ff8800',
  trainer_id: 't1',
  trainer_name: 'Tina Trainer',
  location_id: 'l1',
  location_name: 'Riverside',
  title: null,
  starts_at: drawn.starts_at,
  ends_at: drawn.ends_at,
  status: 'scheduled' as const,
  notes: null,
  cancelled_at: null,
  cancel_reason: null,
  series_id: null,
  created_at: '2998-12-01T09:00:00Z',
  updated_at: '2998-12-01T09:00:00Z',
};

const session: SessionOut = {
  ...common,
  id: 'a1',
  room_id: 'r1',
  room_name: 'Studio A',
  client_id: 'c1',
  client_name: 'Cleo Client',
  booking_id: 'b1',
  booking_status: 'booked',
  penalty: null,
  checked_in_at: null,
  check_in_opens_at: '2999-01-01T08:45:00Z',
  void_reason: null,
};

const group: ClassOut = {
  ...common,
  id: 'g1',
  room_id: null,
  room_name: null,
  capacity: 10,
  seats_taken: 0,
  spots_left: 10,
  waitlist_count: 0,
  my_booking: null,
};

const roster: RosterOut = {
  appointment_id: 'g1',
  capacity: 10,
  seats_taken: 0,
  waitlist_count: 0,
  not_attending_count: 0,
  starts_at: drawn.starts_at,
  check_in_opens_at: '2999-01-01T08:45:00Z',
  items: [],
};

/** The API, with the appointment's own answer held back until `release()`: the drawer's loading state shows. */
function stubApi(detail: SessionOut | ClassOut) {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const paths: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      paths.push(path);
      if (path === '/api/v1/auth/me') return jsonResponse(me);
      if (path === '/api/v1/classes/g1/roster') return jsonResponse(roster);
      if (path === `/api/v1/sessions/${detail.id}` || path === `/api/v1/classes/${detail.id}`) {
        await held;
        return jsonResponse(detail);
      }
      return jsonResponse({ type: 'about:blank', title: 'Not Found', status: 404 }, 404);
    }),
  );
  return { release, paths };
}

const noop = () => {};

describe('<EventDrawer>', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("fetches a session's location when it is opened, once for the drawer and its attendance section", async () => {
    const api = stubApi(session);
    renderWithApp(<EventDrawer event={drawn} timeZone="Europe/London" onClose={noop} onEditSeries={noop} onReschedule={noop} />);
    expect(await screen.findByLabelText('Loading the location')).toBeInTheDocument();
    expect(screen.getByText('Cleo Client')).toBeInTheDocument(); // drawn from the calendar event, no waiting
    api.release();
    expect(await screen.findByText('Riverside · Studio A')).toBeInTheDocument();
    expect(screen.queryByLabelText('Loading the location')).not.toBeInTheDocument();
    expect(api.paths.filter((p) => p === '/api/v1/sessions/a1')).toHaveLength(1);
  });

  it("fetches a class's location from the class", async () => {
    const api = stubApi(group);
    const event: CalendarEvent = { ...drawn, id: 'g1', kind: 'group', capacity: 10, booked_count: 0, client_name: null };
    renderWithApp(<EventDrawer event={event} timeZone="Europe/London" onClose={noop} onEditSeries={noop} onReschedule={noop} />);
    expect(await screen.findByLabelText('Loading the location')).toBeInTheDocument();
    api.release();
    expect(await screen.findByText('Riverside')).toBeInTheDocument();
    expect(api.paths).toContain('/api/v1/classes/g1');
    expect(api.paths).not.toContain('/api/v1/sessions/g1');
  });
});
