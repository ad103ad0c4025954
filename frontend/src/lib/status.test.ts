import { describe, expect, it } from 'vitest';
import { ApiError, networkProblem } from '../api/problem';
import type { PublicIncident, PublicStatus, SystemReport } from '../api/types';
import {
  BACKUP_NOT_CONFIGURED,
  backupText,
  countText,
  formatBytes,
  formatDuration,
  heartbeatText,
  outboxText,
  readinessRows,
  splitIncidents,
  statusFailure,
  statusView,
} from './status';

const components: PublicStatus['components'] = [
  { key: 'web', name: 'Web app & API', description: 'd', status: 'operational' },
  { key: 'database', name: 'Database', description: 'd', status: 'outage' },
];
const status: PublicStatus = {
  status: 'outage',
  checked_at: '2026-11-25T10:00:00Z',
  components,
  incidents: [],
  incidents_available: false,
};

const options = { refreshSeconds: 30, formatWhen: (iso: string) => `[${iso}]` };
const httpError = (code: number, title: string) => new ApiError({ type: 'about:blank', title, status: code });
const view = (data: PublicStatus | undefined, error: unknown) => statusView(data, error, options);

describe('statusView', () => {
  it('shows what the server says when it answers', () => {
    expect(view(status, null)).toEqual({
      state: 'outage',
      headline: 'Major outage',
      components,
      failure: null,
      note: 'Checked [2026-11-25T10:00:00Z] · refreshes every 30 seconds',
    });
    expect(view({ ...status, status: 'degraded' }, null)?.headline).toBe('Some systems are not working normally');
    expect(view(undefined, null)).toBeNull();
  });

  it.each([
    ['no answer at all', new ApiError(networkProblem())],
    ['a bare fetch rejection', new TypeError('Failed to fetch')],
    ['502 from the proxy', httpError(502, 'Bad Gateway')],
    ['503', httpError(503, 'Service Unavailable')],
    ['504', httpError(504, 'Gateway Timeout')],
  ])('turns %s into a web outage, keeping the last known states', (_, error) => {
    const v = view(status, error);
    expect(v?.failure).toBe('unreachable');
    expect(v?.state).toBe('outage');
    expect(v?.headline).toBe('FitnessCRM is not answering right now');
    expect(v?.components.map((c) => [c.key, c.status])).toEqual([
      ['web', 'outage'],
      ['database', 'outage'],
    ]);
  });

  it('still names the web app when the very first poll gets no answer', () => {
    const v = view(undefined, new ApiError(networkProblem()));
    expect(v?.components).toHaveLength(1);
    expect(v?.components[0]).toMatchObject({ key: 'web', status: 'outage' });
  });

  it('treats a 429 as polling too often: no outage, last known status kept', () => {
    const healthy = { ...status, status: 'operational' as const, components: [{ ...components[0] }] };
    const v = view(healthy, httpError(429, 'Too many requests'));
    expect(v).toEqual({
      state: 'operational',
      headline: 'All systems operational',
      components: healthy.components,
      failure: 'rate_limited',
      note: 'This page is checking too often; retrying in 30 seconds. Showing the status checked [2026-11-25T10:00:00Z].',
    });
  });

  it('treats a 429 on the first poll as a gentle retry, claiming no state', () => {
    const v = view(undefined, httpError(429, 'Too many requests'));
    expect(v).toEqual({
      state: null,
      headline: 'Checking too often, retrying shortly',
      components: [],
      failure: 'rate_limited',
      note: 'This page is checking too often; retrying in 30 seconds.',
    });
  });

  it.each([
    [403, 'Not allowed'],
    [404, 'Not Found'],
    [500, 'Server error'],
  ])('shows a %i as an error without claiming an outage', (code, title) => {
    const kept = view(status, httpError(code, title));
    expect(kept?.failure).toBe('error');
    expect(kept?.components).toBe(components); // the database outage the server reported, web untouched
    expect(kept?.headline).toBe('Major outage');
    expect(kept?.note).toBe(
      `The status could not be loaded (${title}); trying again every 30 seconds. ` +
        'Showing the status checked [2026-11-25T10:00:00Z].',
    );
    const first = view(undefined, httpError(code, title));
    expect(first).toMatchObject({ state: null, headline: 'The status could not be loaded', components: [] });
    expect(first?.note).toBe(`The status could not be loaded (${title}); trying again every 30 seconds.`);
  });

  it('classifies failures', () => {
    expect(statusFailure(null)).toBeNull();
    expect(statusFailure(httpError(429, 'x'))).toBe('rate_limited');
    expect(statusFailure(httpError(400, 'x'))).toBe('error');
    expect(statusFailure(httpError(503, 'x'))).toBe('unreachable');
    expect(statusFailure(new Error('bug'))).toBe('error');
  });
});

describe('figures', () => {
  it('formats durations coarsely', () => {
    expect(formatDuration(42.9)).toBe('42 s');
    expect(formatDuration(12 * 60 + 5)).toBe('12 min');
    expect(formatDuration(5 * 3600 + 12 * 60)).toBe('5 h 12 min');
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 59)).toBe('3 d 4 h');
    expect(formatDuration(-3)).toBe('0 s');
  });

  it('says unknown for a missing figure and not applicable without Redis', () => {
    expect(countText(0)).toBe('0');
    expect(countText(null)).toBe('Unknown');
    expect(countText(null, { applies: false })).toMatch(/^Not applicable/);
    expect(countText(null, { unknown: 'Unknown (why)' })).toBe('Unknown (why)');
  });

  it('describes the heartbeat', () => {
    expect(heartbeatText({ status: 'operational', last_seen_at: 'x', age_seconds: 30 })).toBe('30 s ago');
    expect(heartbeatText({ status: 'outage', last_seen_at: null, age_seconds: null })).toMatch(/^None recorded/);
    expect(heartbeatText({ status: 'not_configured', last_seen_at: null, age_seconds: null })).toMatch(
      /^Not applicable/,
    );
  });

  it('describes the outbox', () => {
    expect(outboxText({ pending_events: null, oldest_pending_age_seconds: null })).toBe('Unknown');
    expect(outboxText({ pending_events: 0, oldest_pending_age_seconds: 0 })).toBe('Empty');
    expect(outboxText({ pending_events: 12, oldest_pending_age_seconds: 600 })).toBe('12 pending, oldest 10 min');
  });

  it('labels backups as not configured until they report', () => {
    const when = (iso: string) => `[${iso}]`;
    const none: SystemReport['last_backup'] = {
      status: 'not_configured',
      finished_at: null,
      last_success_at: null,
      kind: null,
      size_bytes: null,
    };
    expect(backupText(none, when)).toBe(BACKUP_NOT_CONFIGURED);
    expect(BACKUP_NOT_CONFIGURED).toBe('Not configured — backups do not report yet');
    const full = { ...none, status: 'succeeded' as const, finished_at: 'T1', last_success_at: 'T1', kind: 'full' };
    expect(backupText({ ...full, size_bytes: 3_145_728 }, when)).toBe('[T1] (full, 3.0 MB)');
    const failed = { ...none, status: 'failed' as const, finished_at: 'T2', last_success_at: 'T1', kind: 'incr' };
    expect(backupText(failed, when)).toBe('Failed at [T2]; last success: [T1]');
    expect(formatBytes(512)).toBe('512 B');
  });

  it('orders the readiness checks and names them', () => {
    const rows = readinessRows({
      status: 'degraded',
      checks: {
        shutdown: { ok: true, detail: 'serving' },
        redis: { ok: false, detail: 'redis unreachable: ConnectionError' },
        database: { ok: true, detail: 'connected, migrations at head' },
      },
    });
    expect(rows.map((r) => [r.name, r.ok])).toEqual([
      ['Database', true],
      ['Redis', false],
      ['Shutdown drain', true],
    ]);
  });
});

describe('splitIncidents', () => {
  it('separates current from resolved incidents, keeping their order', () => {
    const incident = (id: string, s: PublicIncident['status']): PublicIncident => ({
      id,
      title: id,
      impact: 'degraded',
      status: s,
      components: ['web'],
      started_at: '2026-11-25T10:00:00Z',
      resolved_at: null,
      updates: [],
    });
    const { current, past } = splitIncidents([
      incident('a', 'monitoring'),
      incident('b', 'resolved'),
      incident('c', 'investigating'),
    ]);
    expect(current.map((i) => i.id)).toEqual(['a', 'c']);
    expect(past.map((i) => i.id)).toEqual(['b']);
  });
});
