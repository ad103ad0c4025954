// What the status page and the System page show: labels, colours and the wording of figures that may be
// unknown. Pure functions, so the pages' rendering rules are tested without a browser.
import { errorMessage, isApiError } from '../api/problem';
import type {
  ComponentKey,
  ComponentState,
  ComponentStatus,
  IncidentImpact,
  IncidentStatus,
  PublicIncident,
  PublicStatus,
  SystemReport,
} from '../api/types';

export const STATE_LABELS: Record<ComponentState, string> = {
  operational: 'Operational',
  degraded: 'Degraded',
  outage: 'Outage',
};

export const STATE_COLORS: Record<ComponentState, string> = {
  operational: 'green',
  degraded: 'orange',
  outage: 'red',
};

export const OVERALL_HEADLINES: Record<ComponentState, string> = {
  operational: 'All systems operational',
  degraded: 'Some systems are not working normally',
  outage: 'Major outage',
};

export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const INCIDENT_STATUS_COLORS: Record<IncidentStatus, string> = {
  investigating: 'red',
  identified: 'orange',
  monitoring: 'blue',
  resolved: 'green',
};

export const IMPACT_LABELS: Record<IncidentImpact, string> = {
  degraded: 'Degraded',
  outage: 'Outage',
};

/** Public component names, for forms (the status response carries them too). */
export const COMPONENT_NAMES: Record<ComponentKey, string> = {
  web: 'Web app & API',
  database: 'Database',
  sign_in: 'Sign-in & rate limiting',
  background_jobs: 'Background jobs',
};

export function componentNames(keys: readonly ComponentKey[]): string {
  return keys.map((k) => COMPONENT_NAMES[k]).join(', ');
}

/** Why the status could not be fetched: each failure says something different about the service. */
export type StatusFailure = 'unreachable' | 'rate_limited' | 'error';

/** No answer, or a proxy saying the app behind it is down/slow: only these mean the web app is out. */
const DOWN_STATUSES = new Set([0, 502, 503, 504]);

export function statusFailure(error: unknown): StatusFailure | null {
  if (error === null || error === undefined) return null;
  if (isApiError(error)) {
    if (DOWN_STATUSES.has(error.status)) return 'unreachable';
    return error.status === 429 ? 'rate_limited' : 'error';
  }
  // A bare fetch rejection (the client normally wraps it as status 0).
  return error instanceof TypeError ? 'unreachable' : 'error';
}

export interface StatusView {
  /** Null when no state is known (nothing fetched yet and the fetch did not say the app is down). */
  state: ComponentState | null;
  headline: string;
  components: ComponentStatus[];
  /** Set when the latest fetch failed; the rest is then the last known status, if any. */
  failure: StatusFailure | null;
  /** The line under the headline: when it was checked, or why it could not be. */
  note: string;
}

interface ViewOptions {
  refreshSeconds: number;
  formatWhen: (iso: string) => string;
}

/**
 * The page's view of the service. Only an unanswered request (or a 502/503/504 from the proxy) is an outage of
 * the web app; a 429 means this browser (or its network) polls too often, and any other error is just an error:
 * both keep the last known status rather than claiming anything new about the service.
 */
export function statusView(
  data: PublicStatus | undefined,
  error: unknown,
  { refreshSeconds, formatWhen }: ViewOptions,
): StatusView | null {
  const failure = statusFailure(error);
  const every = `every ${refreshSeconds} seconds`;
  const lastKnown = data ? ` Showing the status checked ${formatWhen(data.checked_at)}.` : '';
  if (failure === 'unreachable') {
    const components = (data?.components ?? []).map((c) =>
      c.key === 'web' ? { ...c, status: 'outage' as const } : c,
    );
    if (!components.some((c) => c.key === 'web')) {
      components.unshift({
        key: 'web',
        name: COMPONENT_NAMES.web,
        description: 'The web app and the API answering requests.',
        status: 'outage',
      });
    }
    return {
      state: 'outage',
      headline: 'FitnessCRM is not answering right now',
      components,
      failure,
      note: `The status could not be fetched; trying again ${every}.`,
    };
  }
  if (failure !== null) {
    const note =
      failure === 'rate_limited'
        ? `This page is checking too often; retrying in ${refreshSeconds} seconds.${lastKnown}`
        : `The status could not be loaded (${errorMessage(error).title}); trying again ${every}.${lastKnown}`;
    if (data) {
      return { state: data.status, headline: OVERALL_HEADLINES[data.status], components: data.components, failure, note };
    }
    const headline = failure === 'rate_limited' ? 'Checking too often, retrying shortly' : 'The status could not be loaded';
    return { state: null, headline, components: [], failure, note };
  }
  if (!data) return null;
  return {
    state: data.status,
    headline: OVERALL_HEADLINES[data.status],
    components: data.components,
    failure: null,
    note: `Checked ${formatWhen(data.checked_at)} · refreshes ${every}`,
  };
}

export function splitIncidents(incidents: readonly PublicIncident[]): {
  current: PublicIncident[];
  past: PublicIncident[];
} {
  return {
    current: incidents.filter((i) => i.status !== 'resolved'),
    past: incidents.filter((i) => i.status === 'resolved'),
  };
}

/** "3 d 4 h", "5 h 12 min", "12 min", "42 s". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min`;
  return `${s} s`;
}

export const UNKNOWN = 'Unknown';

/** A count that may be unknown (its source is down) or not apply at all (the embedded mode has no Redis). */
export function countText(
  value: number | null,
  { applies = true, unknown = UNKNOWN }: { applies?: boolean; unknown?: string } = {},
): string {
  if (!applies) return 'Not applicable (no Redis: jobs run inline)';
  return value === null ? unknown : value.toLocaleString();
}

export function heartbeatText(heartbeat: SystemReport['worker_heartbeat']): string {
  if (heartbeat.status === 'not_configured') return 'Not applicable (no Redis: jobs run inline)';
  if (heartbeat.age_seconds === null) return 'None recorded: no worker or beat is running';
  return `${formatDuration(heartbeat.age_seconds)} ago`;
}

export const BACKUP_NOT_CONFIGURED = 'Not configured — backups do not report yet';

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function backupText(backup: SystemReport['last_backup'], formatWhen: (iso: string) => string): string {
  switch (backup.status) {
    case 'not_configured':
      return BACKUP_NOT_CONFIGURED;
    case 'unknown':
      return UNKNOWN;
    case 'succeeded': {
      const size = backup.size_bytes === null ? '' : `, ${formatBytes(backup.size_bytes)}`;
      return `${formatWhen(backup.finished_at ?? '')} (${backup.kind ?? 'backup'}${size})`;
    }
    case 'failed': {
      const last = backup.last_success_at ? formatWhen(backup.last_success_at) : 'never';
      return `Failed at ${formatWhen(backup.finished_at ?? '')}; last success: ${last}`;
    }
  }
}

export const READINESS_LABELS: Record<SystemReport['readiness']['status'], string> = {
  ok: 'Ready',
  degraded: 'Degraded',
  unavailable: 'Unavailable',
};

export const READINESS_COLORS: Record<SystemReport['readiness']['status'], string> = {
  ok: 'green',
  degraded: 'orange',
  unavailable: 'red',
};

const CHECK_NAMES: Record<string, string> = { database: 'Database', redis: 'Redis', shutdown: 'Shutdown drain' };

/** The readiness checks in a stable order with readable names. */
export function readinessRows(readiness: SystemReport['readiness']): { name: string; ok: boolean; detail: string }[] {
  const order = ['database', 'redis', 'shutdown'];
  return Object.entries(readiness.checks)
    .sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99))
    .map(([key, check]) => ({ name: CHECK_NAMES[key] ?? key, ok: check.ok, detail: check.detail }));
}

export function outboxText(outbox: SystemReport['outbox']): string {
  if (outbox.pending_events === null) return UNKNOWN;
  if (outbox.pending_events === 0) return 'Empty';
  const age = outbox.oldest_pending_age_seconds;
  return `${outbox.pending_events.toLocaleString()} pending${age ? `, oldest ${formatDuration(age)}` : ''}`;
}
