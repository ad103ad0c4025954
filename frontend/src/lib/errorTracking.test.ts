import type { ErrorEvent } from '@sentry/browser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadSentry, type SentrySdk, scrubBreadcrumb, scrubEvent, startErrorTracking } from './errorTracking';

const DSN = 'https://browserkey@o1.ingest.example/7';
const META = {
  version: '0.1.0',
  environment: 'production',
  sentry: { dsn: DSN, release: 'fitnesscrm@0.1.0+4f2c1ab', environment: 'production', tunnel: '/api/v1/errors/envelope' },
};

interface Sent {
  url: string;
  method: string;
  body: string;
}

/** The server: answers GET /api/v1/meta with `meta` and records everything else that is sent. */
function stubServer(meta: unknown): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(new URL(String(input), location.href), init);
      if (new URL(request.url).pathname === '/api/v1/meta') {
        return new Response(JSON.stringify(meta), { headers: { 'Content-Type': 'application/json' } });
      }
      sent.push({ url: request.url, method: request.method, body: await request.text() });
      return new Response('{}', { status: 200 });
    }),
  );
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('startErrorTracking', () => {
  it('loads no SDK when the server has no browser DSN', async () => {
    stubServer({ ...META, sentry: null });
    const loadSdk = vi.fn();
    await expect(startErrorTracking({ loadSdk })).resolves.toBe(false);
    expect(loadSdk).not.toHaveBeenCalled();
  });

  it('loads no SDK, and does not throw, when the server cannot be asked', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const loadSdk = vi.fn();
    await expect(startErrorTracking({ loadSdk })).resolves.toBe(false);
    expect(loadSdk).not.toHaveBeenCalled();
  });

  it('initialises the SDK with the server settings, the same-origin tunnel and no PII collection', async () => {
    stubServer(META);
    const init = vi.fn();
    const breadcrumbsIntegration = vi.fn(() => ({ name: 'Breadcrumbs' }));
    const loadSdk = vi.fn(async () => ({ init, breadcrumbsIntegration }) as unknown as SentrySdk);
    await expect(startErrorTracking({ loadSdk })).resolves.toBe(true);
    expect(init).toHaveBeenCalledTimes(1);
    const options = init.mock.calls[0]![0];
    expect(options).toMatchObject({
      dsn: DSN,
      release: 'fitnesscrm@0.1.0+4f2c1ab',
      environment: 'production',
      tunnel: '/api/v1/errors/envelope',
      dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false },
    });
    const integrations = options.integrations([{ name: 'Breadcrumbs' }, { name: 'GlobalHandlers' }]);
    expect(integrations.map((i: { name: string }) => i.name)).toEqual(['GlobalHandlers', 'Breadcrumbs']);
    expect(breadcrumbsIntegration).toHaveBeenCalledWith({ dom: false });
  });

  it('sends a scrubbed report through the tunnel with the real SDK', async () => {
    const sent = stubServer(META);
    window.history.pushState({}, '', '/clients?q=Philippa');
    const sdk = await import('@sentry/browser'); // the same module instance the app's loader initialises
    await expect(startErrorTracking({ loadSdk: loadSentry })).resolves.toBe(true);
    console.info('signed in as ann.bell@example.com'); // console breadcrumbs must not travel
    sdk.captureException(new Error('no credits left for ann.bell@example.com'));
    await sdk.flush(2000);
    await sdk.close();
    window.history.pushState({}, '', '/');

    // Everything the SDK sent went to the tunnel (sessions too), and nothing of it holds the personal data.
    expect(sent.length).toBeGreaterThan(0);
    for (const envelope of sent) {
      expect(envelope.method).toBe('POST');
      expect(envelope.url).toBe(`${location.origin}/api/v1/errors/envelope`); // the CSP allows nothing else
      expect(envelope.body).not.toContain('ann.bell');
      expect(envelope.body).not.toContain('Philippa');
    }
    const reports = sent.filter((s) => s.body.split('\n')[1]?.includes('"type":"event"'));
    expect(reports).toHaveLength(1);
    const [header, , payload] = reports[0]!.body.split('\n');
    expect(JSON.parse(header!).dsn).toBe(DSN);
    const event = JSON.parse(payload!);
    expect(event.release).toBe('fitnesscrm@0.1.0+4f2c1ab');
    expect(event.environment).toBe('production');
    expect(event.exception.values[0].value).toBe('no credits left for [redacted]');
    expect(event.request.url).toBe(`${location.origin}/clients`);
    expect(JSON.stringify(event.breadcrumbs ?? [])).not.toContain('console');
  });
});

describe('scrubbing', () => {
  it('keeps a user id only and drops request details', () => {
    const event = {
      type: undefined,
      user: { id: 'u-1', email: 'ann@example.com', ip_address: '203.0.113.9', username: 'ann' },
      request: {
        url: 'https://crm.example/clients/9?q=Ann#top',
        cookies: { fcrm_session: 'abc' },
        headers: { 'User-Agent': 'x', Cookie: 'fcrm_session=abc' },
        query_string: 'q=Ann',
        data: { notes: 'knee' },
      },
    } as ErrorEvent;
    expect(scrubEvent(event)).toEqual({ type: undefined, user: { id: 'u-1' }, request: { url: 'https://crm.example/clients/9' } });
  });

  it('drops console and input breadcrumbs and the query strings of navigations and requests', () => {
    expect(scrubBreadcrumb({ category: 'console', message: 'ann@example.com' })).toBeNull();
    expect(scrubBreadcrumb({ category: 'ui.input', message: 'input[name=email]' })).toBeNull();
    expect(scrubBreadcrumb({ category: 'navigation', data: { from: '/clients?q=Ann', to: '/clients/9#notes' } })).toEqual({
      category: 'navigation',
      data: { from: '/clients', to: '/clients/9' },
    });
    expect(
      scrubBreadcrumb({
        category: 'fetch',
        type: 'http',
        data: { method: 'GET', url: '/api/v1/clients?q=Ann', status_code: 200, request_body_size: 12 },
      }),
    ).toEqual({ category: 'fetch', type: 'http', data: { method: 'GET', url: '/api/v1/clients', status_code: 200 } });
  });
});
