import type { BrowserOptions, Breadcrumb, ErrorEvent } from '@sentry/browser';
import { api } from '../api/client';
import type { components } from '../api/schema';

type Meta = components['schemas']['MetaOut'];
type SentrySettings = NonNullable<Meta['sentry']>;
export type SentrySdk = typeof import('./sentrySdk');

/**
 * The SDK is its own chunk, fetched only when the server has a browser DSN:
 * an installation without error tracking never downloads it, and no visit
 * waits for it before the first paint.
 */
export const loadSentry = (): Promise<SentrySdk> => import('./sentrySdk');

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// Breadcrumbs that can hold what someone typed or what the app printed.
const PRIVATE_BREADCRUMBS = new Set(['console', 'ui.input']);
const URL_FIELDS = ['url', 'from', 'to'] as const;

/** A URL without its query string and fragment (a search for a client's name lives there). */
export function withoutQuery(url: string): string {
  return url.split(/[?#]/, 1)[0] ?? '';
}

function scrubText(text: string): string {
  return text.replace(EMAIL, '[redacted]');
}

/**
 * Last stop before a report leaves the browser: the user is an id at most,
 * no cookies, headers, request bodies or query strings, no e-mail addresses
 * in messages.
 */
export function scrubEvent(event: ErrorEvent): ErrorEvent {
  const id = event.user?.id;
  if (id !== undefined) event.user = { id };
  else delete event.user;
  if (event.request) {
    event.request = event.request.url ? { url: withoutQuery(event.request.url) } : {};
  }
  for (const exception of event.exception?.values ?? []) {
    if (exception.value) exception.value = scrubText(exception.value);
  }
  if (event.message) event.message = scrubText(event.message);
  if (event.breadcrumbs) {
    event.breadcrumbs = event.breadcrumbs
      .map(scrubBreadcrumb)
      .filter((crumb): crumb is Breadcrumb => crumb !== null);
  }
  return event;
}

export function scrubBreadcrumb(crumb: Breadcrumb): Breadcrumb | null {
  if (crumb.category && PRIVATE_BREADCRUMBS.has(crumb.category)) return null;
  const kept: Breadcrumb = { ...crumb };
  delete kept.message; // a DOM breadcrumb's message is the element it names
  if (crumb.data) {
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(crumb.data)) {
      if (key === 'method' || key === 'status_code') data[key] = value;
      else if ((URL_FIELDS as readonly string[]).includes(key) && typeof value === 'string')
        data[key] = withoutQuery(value);
    }
    kept.data = data;
  }
  return kept;
}

export function sentryOptions(settings: SentrySettings, sdk: SentrySdk): BrowserOptions {
  return {
    dsn: settings.dsn,
    release: settings.release,
    environment: settings.environment,
    // Same origin: the CSP says connect-src 'self', and the server forwards to Sentry.
    tunnel: settings.tunnel,
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpHeaders: false,
      httpBodies: [],
      urlQueryParams: false,
      stackFrameVariables: false,
    },
    // No DOM (click/input) breadcrumbs; console breadcrumbs are dropped in scrubBreadcrumb.
    integrations: (defaults) =>
      defaults
        .filter((integration) => integration.name !== 'Breadcrumbs')
        .concat(sdk.breadcrumbsIntegration({ dom: false })),
    beforeSend: scrubEvent,
    beforeBreadcrumb: scrubBreadcrumb,
  };
}

async function fetchMeta(): Promise<Meta | undefined> {
  const { data } = await api.GET('/api/v1/meta');
  return data;
}

export interface ErrorTrackingDeps {
  fetchMeta?: () => Promise<Meta | undefined>;
  loadSdk?: () => Promise<SentrySdk>;
}

/**
 * Starts browser error tracking when the server says it is configured.
 * Resolves to whether it started; never throws (reporting must not break the app).
 */
export async function startErrorTracking({
  fetchMeta: getMeta = fetchMeta,
  loadSdk = loadSentry,
}: ErrorTrackingDeps = {}): Promise<boolean> {
  try {
    const meta = await getMeta();
    if (!meta?.sentry) return false;
    const sdk = await loadSdk();
    sdk.init(sentryOptions(meta.sentry, sdk));
    return true;
  } catch {
    return false;
  }
}
