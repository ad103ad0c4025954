import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PublicIncident, PublicStatus } from '../../api/types';
import { jsonResponse, renderWithApp } from '../../test/render';
import StatusPage from './StatusPage';

const problem = (status: number, title: string) => ({ type: 'about:blank', title, status });

function statusBody(overrides: Partial<PublicStatus> = {}): PublicStatus {
  return {
    status: 'degraded',
    checked_at: '2026-11-25T10:00:00Z',
    components: [
      { key: 'web', name: 'Web app & API', description: 'Answering requests.', status: 'operational' },
      { key: 'database', name: 'Database', description: 'Your data.', status: 'operational' },
      { key: 'sign_in', name: 'Sign-in & rate limiting', description: 'Signing in.', status: 'degraded' },
      { key: 'background_jobs', name: 'Background jobs', description: 'Reminders.', status: 'outage' },
    ],
    incidents: [],
    incidents_available: true,
    ...overrides,
  };
}

function incident(id: string, status: PublicIncident['status'], messages: string[]): PublicIncident {
  return {
    id,
    title: `Incident ${id}`,
    impact: 'outage',
    status,
    components: ['background_jobs'],
    started_at: '2026-11-25T09:00:00Z',
    resolved_at: status === 'resolved' ? '2026-11-25T09:30:00Z' : null,
    updates: messages.map((message, i) => ({
      id: `${id}-${i}`,
      status: i === 0 ? status : 'investigating',
      message,
      created_at: '2026-11-25T09:00:00Z',
    })),
  };
}

function stubApi(status: () => Response | Promise<Response>) {
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/me') return jsonResponse(problem(401, 'Unauthorized'), 401);
    if (path === '/api/v1/status') return status();
    return jsonResponse(problem(404, 'Not Found'), 404);
  });
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

const statusCalls = (fetch: ReturnType<typeof stubApi>) =>
  fetch.mock.calls.filter(([r]) => new URL((r as Request).url).pathname === '/api/v1/status').length;

describe('<StatusPage>', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows the overall state, each component with its state, and the empty incident history', async () => {
    stubApi(() => jsonResponse(statusBody()));
    renderWithApp(<StatusPage />, { path: '/status' });
    expect(await screen.findByText('Some systems are not working normally')).toBeInTheDocument();
    expect(within(screen.getByTestId('component-sign_in')).getByText('Degraded')).toBeInTheDocument();
    expect(within(screen.getByTestId('component-background_jobs')).getByText('Outage')).toBeInTheDocument();
    expect(within(screen.getByTestId('component-web')).getByText('Operational')).toBeInTheDocument();
    expect(screen.getByText('No incidents in the last 14 days')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
  });

  it('lists current incidents before resolved ones, each with its timeline', async () => {
    const body = statusBody({
      incidents: [
        incident('open', 'identified', ['A stuck queue; restarting the workers.', 'Reminders are late.']),
        incident('done', 'resolved', ['Fixed.']),
      ],
    });
    stubApi(() => jsonResponse(body));
    renderWithApp(<StatusPage />, { path: '/status' });
    const current = await screen.findByRole('region', { name: 'Current incidents' });
    const open = within(current).getByRole('article', { name: 'Incident open' });
    expect(within(open).getByText('A stuck queue; restarting the workers.')).toBeInTheDocument();
    expect(within(open).getByText('Reminders are late.')).toBeInTheDocument();
    expect(within(open).getByText(/Affects Background jobs/)).toBeInTheDocument();
    const past = screen.getByRole('region', { name: 'Past incidents (last 14 days)' });
    expect(within(past).getByRole('article', { name: 'Incident done' })).toBeInTheDocument();
    expect(screen.queryByText('No incidents in the last 14 days')).not.toBeInTheDocument();
  });

  it('says the incident history is unavailable while the database is out', async () => {
    stubApi(() => jsonResponse(statusBody({ status: 'outage', incidents_available: false })));
    renderWithApp(<StatusPage />, { path: '/status' });
    expect(await screen.findByText('Major outage')).toBeInTheDocument();
    expect(screen.getByText('The incident history cannot be read right now.')).toBeInTheDocument();
  });

  it('reports the web app down when the status itself cannot be fetched', async () => {
    stubApi(() => jsonResponse(problem(502, 'Bad Gateway'), 502));
    renderWithApp(<StatusPage />, { path: '/status' });
    expect(await screen.findByText('FitnessCRM is not answering right now')).toBeInTheDocument();
    expect(within(screen.getByTestId('component-web')).getByText('Outage')).toBeInTheDocument();
    // the first load failed, so there is no history to show: say so rather than leaving the section out
    expect(screen.getByText('The incident history cannot be read right now.')).toBeInTheDocument();
  });

  it('answers a 429 on the first load gently, without claiming an outage', async () => {
    stubApi(() => jsonResponse(problem(429, 'Too Many Requests'), 429));
    renderWithApp(<StatusPage />, { path: '/status' });
    expect(await screen.findByText('Checking too often, retrying shortly')).toBeInTheDocument();
    expect(screen.getByText('This page is checking too often; retrying in 30 seconds.')).toBeInTheDocument();
    expect(screen.queryByText('FitnessCRM is not answering right now')).not.toBeInTheDocument();
    expect(screen.queryByTestId('component-web')).not.toBeInTheDocument();
    expect(screen.getByText('The incident history cannot be read right now.')).toBeInTheDocument();
  });

  it('shows another 4xx as an error, not as an outage', async () => {
    stubApi(() => jsonResponse(problem(404, 'Not Found'), 404));
    renderWithApp(<StatusPage />, { path: '/status' });
    expect(await screen.findByText('The status could not be loaded')).toBeInTheDocument();
    expect(screen.getByText(/\(Not Found\); trying again every 30 seconds\.$/)).toBeInTheDocument();
    expect(screen.queryByText('FitnessCRM is not answering right now')).not.toBeInTheDocument();
    expect(screen.queryByText('Outage')).not.toBeInTheDocument();
  });

  it.each([
    [429, 'All systems operational', 'Operational', /^This page is checking too often/],
    [502, 'FitnessCRM is not answering right now', 'Outage', /^The status could not be fetched/],
  ])('keeps the last known status and incidents when a later poll gets a %i', async (code, headline, web, note) => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let fail = false;
    const body = statusBody({ status: 'operational', incidents: [incident('done', 'resolved', ['Fixed.'])] });
    stubApi(() => (fail ? jsonResponse(problem(code, 'Nope'), code) : jsonResponse(body)));
    renderWithApp(<StatusPage />, { path: '/status' });
    expect(await screen.findByText('All systems operational')).toBeInTheDocument();
    fail = true;
    await act(() => vi.advanceTimersByTimeAsync(30_500));
    expect(await screen.findByText(note)).toBeInTheDocument();
    expect(screen.getByText(headline)).toBeInTheDocument();
    expect(within(screen.getByTestId('component-web')).getByText(web)).toBeInTheDocument();
    expect(within(screen.getByTestId('component-database')).getByText('Operational')).toBeInTheDocument();
    expect(screen.getByRole('article', { name: 'Incident done' })).toBeInTheDocument();
    expect(screen.queryByText('The incident history cannot be read right now.')).not.toBeInTheDocument();
  });

  it('refreshes itself every 30 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let state: PublicStatus['status'] = 'operational';
    const fetch = stubApi(() => jsonResponse(statusBody({ status: state })));
    renderWithApp(<StatusPage />, { path: '/status' });
    expect(await screen.findByText('All systems operational')).toBeInTheDocument();
    const before = statusCalls(fetch);
    state = 'outage';
    await act(() => vi.advanceTimersByTimeAsync(29_000));
    expect(statusCalls(fetch)).toBe(before);
    await act(() => vi.advanceTimersByTimeAsync(1_500));
    expect(await screen.findByText('Major outage')).toBeInTheDocument();
    expect(statusCalls(fetch)).toBe(before + 1);
  });
});
