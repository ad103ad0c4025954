import { describe, expect, it } from 'vitest';
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

describe('statusView', () => {
  it('shows what the server says when it answers', () => {
    expect(statusView(status, false)).toEqual({
      state: 'outage',
      headline: 'Major outage',
      components,
      unreachable: false,
    });
    expect(statusView({ ...status, status: 'degraded' }, false)?.headline).toBe(
      'Some systems are not working normally',
    );
    expect(statusView(undefined, false)).toBeNull();
  });

  it('turns a failed poll into a web outage, keeping the last known states', () => {
    const view = statusView(status, true);
    expect(view?.unreachable).toBe(true);
    expect(view?.state).toBe('outage');
    expect(view?.components.map((c) => [c.key, c.status])).toEqual([
      ['web', 'outage'],
      ['database', 'outage'],
    ]);
  });

  it('still names the web app when the very first poll fails', () => {
    const view = statusView(undefined, true);
    expect(view?.components).toHaveLength(1);
    expect(view?.components[0]).toMatchObject({ key: 'web', status: 'outage' });
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
