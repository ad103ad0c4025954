import { screen, within, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident, SystemReport } from '../../api/types';
import { jsonResponse, renderWithApp } from '../../test/render';
import { nextStatus, updateButtonLabel } from './IncidentsPanel';
import SystemPage from './SystemPage';

const problem = (status: number, title: string) => ({ type: 'about:blank', title, status });
const me = {
  user: {
    id: 'u1',
    email: 'ann@example.com',
    full_name: 'Ann Admin',
    role: 'admin',
    trainer_id: null,
    client_id: null,
    unit_system: 'metric',
  },
  csrf_token: 'csrf-1',
  default_phone_region: 'GB',
};

/** The report an instance gives while Redis is down. */
const redisDown: SystemReport = {
  version: '0.1.0',
  revision: 'abc1234',
  environment: 'production',
  checked_at: '2026-11-25T10:00:00Z',
  instance_started_at: '2026-11-24T07:00:00Z',
  uptime_seconds: 27 * 3600 + 5 * 60,
  readiness: {
    status: 'degraded',
    checks: {
      database: { ok: true, detail: 'connected, migrations at head' },
      redis: { ok: false, detail: 'redis unreachable: ConnectionError' },
      shutdown: { ok: true, detail: 'serving' },
    },
  },
  components: [
    { key: 'web', name: 'Web app & API', description: 'd', status: 'operational' },
    { key: 'background_jobs', name: 'Background jobs', description: 'd', status: 'outage' },
  ],
  redis_configured: true,
  server_errors_last_hour: null,
  celery_queue_depth: null,
  worker_heartbeat: { status: 'outage', last_seen_at: null, age_seconds: null },
  outbox: { pending_events: 0, oldest_pending_age_seconds: 0 },
  active_clients: 42,
  last_backup: { status: 'not_configured', finished_at: null, last_success_at: null, kind: null, size_bytes: null },
};

function stubApi(incidents: Incident[] = []) {
  const posted: unknown[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/me') return jsonResponse(me);
    if (path === '/api/v1/system') return jsonResponse(redisDown);
    if (path === '/api/v1/status/incidents' && request.method === 'GET') {
      return jsonResponse({ items: incidents, next_cursor: null });
    }
    if (path === '/api/v1/status/incidents' && request.method === 'POST') {
      posted.push(await request.json());
      return jsonResponse({}, 201);
    }
    if (/^\/api\/v1\/status\/incidents\/[^/]+\/updates$/.test(path) && request.method === 'POST') {
      posted.push({ path, body: await request.json() });
      return jsonResponse({}, 201);
    }
    return jsonResponse(problem(404, 'Not Found'), 404);
  });
  vi.stubGlobal('fetch', fetch);
  return posted;
}

describe('<SystemPage>', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows each dependency, unknown figures while Redis is down, and backups as not configured', async () => {
    stubApi();
    renderWithApp(<SystemPage />, { path: '/system' });
    expect(await screen.findByText('abc1234')).toBeInTheDocument();
    expect(screen.getByText(/^1 d 3 h \(since/)).toBeInTheDocument();
    const redis = screen.getByTestId('check-Redis');
    expect(within(redis).getByText('Failing')).toBeInTheDocument();
    expect(within(redis).getByText('redis unreachable: ConnectionError')).toBeInTheDocument();
    expect(within(screen.getByTestId('check-Database')).getByText('OK')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Dependencies' })).toHaveTextContent('Degraded');
    const work = screen.getByRole('region', { name: 'Work and errors' });
    // server errors and queue depth
    expect(within(work).getAllByText('Unknown (Redis is unreachable)')).toHaveLength(2);
    expect(within(work).getByText(/None recorded/)).toBeInTheDocument();
    expect(within(work).getByText('42')).toBeInTheDocument();
    expect(screen.getByTestId('backup-not-configured')).toHaveTextContent('Not configured — backups do not report yet');
  });

  it('posts an incident from the incidents tab', async () => {
    const posted = stubApi();
    renderWithApp(<SystemPage />, { path: '/system?tab=incidents' });
    expect(await screen.findByText('No incidents posted yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Post incident' }));
    expect(await screen.findByText('Pick at least one affected component.')).toBeInTheDocument();
    expect(posted).toHaveLength(0);
    // Pasted rather than typed: a keystroke re-renders the form, which took 30 s a test on a loaded CI machine.
    await userEvent.click(screen.getByRole('textbox', { name: /Title/ }));
    await userEvent.paste('  Reminders delayed ');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Background jobs' }));
    await userEvent.click(screen.getByRole('textbox', { name: /Message/ }));
    await userEvent.paste('Reminder e-mails are late.');
    await userEvent.click(screen.getByRole('button', { name: 'Post incident' }));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toEqual({
      title: 'Reminders delayed',
      impact: 'degraded',
      components: ['background_jobs'],
      status: 'investigating',
      message: 'Reminder e-mails are late.',
    });
  });

  it('offers the next likely status for an update, and resolving', async () => {
    const incident: Incident = {
      id: 'i1',
      title: 'Sign-in slow',
      impact: 'degraded',
      status: 'monitoring',
      components: ['sign_in'],
      started_at: '2026-11-25T09:00:00Z',
      resolved_at: null,
      created_at: '2026-11-25T09:00:00Z',
      updated_at: '2026-11-25T09:10:00Z',
      updates: [
        { id: 'u2', status: 'monitoring', message: 'Fix deployed.', author_name: 'Ann Admin', created_at: 'x' },
        { id: 'u1', status: 'investigating', message: 'Looking.', author_name: 'Bo Boss', created_at: 'x' },
      ],
    };
    stubApi([incident]);
    renderWithApp(<SystemPage />, { path: '/system?tab=incidents' });
    const card = await screen.findByRole('article', { name: 'Sign-in slow' });
    expect(within(card).getByText(/Bo Boss/)).toBeInTheDocument(); // admins see who posted each update
    expect(within(card).getByRole('button', { name: 'Resolve' })).toBeInTheDocument();
    expect(nextStatus('investigating')).toBe('identified');
  });

  it('never reopens a resolved incident by default: a status must be chosen first', async () => {
    const incident: Incident = {
      id: 'i9',
      title: 'Backups late',
      impact: 'degraded',
      status: 'resolved',
      components: ['background_jobs'],
      started_at: '2026-11-25T09:00:00Z',
      resolved_at: '2026-11-25T09:30:00Z',
      created_at: '2026-11-25T09:00:00Z',
      updated_at: '2026-11-25T09:30:00Z',
      updates: [{ id: 'u1', status: 'resolved', message: 'Done.', author_name: 'Ann Admin', created_at: 'x' }],
    };
    const posted = stubApi([incident]);
    renderWithApp(<SystemPage />, { path: '/system?tab=incidents' });
    const card = await screen.findByRole('article', { name: 'Backups late' });
    const select = within(card).getByRole('combobox', { name: 'New status' });
    expect(select).toHaveValue('');
    const button = within(card).getByRole('button', { name: 'Post update' });
    expect(button).toBeDisabled();
    expect(within(card).queryByRole('button', { name: 'Reopen incident' })).not.toBeInTheDocument();
    await userEvent.click(within(card).getByRole('textbox', { name: /Update/ }));
    await userEvent.paste('It is back.');
    await userEvent.click(button);
    expect(posted).toHaveLength(0);

    await userEvent.click(select);
    // this select's own list (the page has others); jsdom never finishes Mantine's open transition, hence hidden
    const listbox = await waitFor(() => document.getElementById(select.getAttribute('aria-controls') ?? '')!);
    const options = within(listbox).getAllByRole('option', { hidden: true }).map((o) => o.textContent);
    // the server refuses `resolved` on a resolved incident, so it is not offered
    expect(options).toEqual(['Investigating', 'Identified', 'Monitoring']);
    await userEvent.click(within(listbox).getByRole('option', { name: 'Identified', hidden: true }));
    const reopen = within(card).getByRole('button', { name: 'Reopen incident' });
    expect(reopen).toBeEnabled();
    await userEvent.click(reopen);
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toEqual({
      path: '/api/v1/status/incidents/i9/updates',
      body: { status: 'identified', message: 'It is back.' },
    });
    expect(nextStatus('resolved')).toBeNull();
    expect(updateButtonLabel('resolved', null)).toBe('Post update');
    expect(updateButtonLabel('resolved', 'monitoring')).toBe('Reopen incident');
    expect(updateButtonLabel('monitoring', 'identified')).toBe('Post update');
    expect(updateButtonLabel('identified', 'resolved')).toBe('Resolve');
  });
});
