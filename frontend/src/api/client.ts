import createClient, { type Middleware } from 'openapi-fetch';
import { getCsrfToken } from './csrf';
import { ApiError, networkProblem, parseRetryAfter, toProblem } from './problem';
import type { paths } from './schema';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Endpoints whose 401 is an expected answer (wrong password, not signed in yet)
 * rather than "your session ended": they must not bounce the user to /login.
 */
const UNAUTHENTICATED_OK = [
  '/api/v1/auth/login',
  '/api/v1/auth/me',
  '/api/v1/auth/logout',
  '/api/v1/auth/password-reset',
  '/api/v1/auth/invitations/preview',
  '/api/v1/auth/invitations/accept',
];

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener | null = null;

/** The auth provider registers what happens when a session has expired. */
export function setUnauthorizedListener(listener: UnauthorizedListener | null): void {
  onUnauthorized = listener;
}

type SetupRequiredListener = () => void;
let onTwoFactorSetupRequired: SetupRequiredListener | null = null;

/** The auth provider registers what happens when the business starts requiring a second factor mid-session. */
export function setTwoFactorSetupRequiredListener(listener: SetupRequiredListener | null): void {
  onTwoFactorSetupRequired = listener;
}

async function asksForTwoFactorSetup(response: Response): Promise<boolean> {
  if (response.status !== 403 || !response.headers.get('Content-Type')?.includes('problem+json')) return false;
  const problem: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  const type = (problem as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.endsWith('/two-factor-setup-required');
}

export function isSessionExpiry(status: number, url: string): boolean {
  if (status !== 401) return false;
  const path = new URL(url, 'http://localhost').pathname;
  return !UNAUTHENTICATED_OK.some((p) => path === p || path.startsWith(`${p}/`));
}

const middleware: Middleware = {
  onRequest({ request }) {
    if (UNSAFE_METHODS.has(request.method.toUpperCase())) {
      const token = getCsrfToken();
      if (token) request.headers.set('X-CSRF-Token', token);
    }
    request.headers.set('Accept', 'application/json, application/problem+json');
    return request;
  },
  async onResponse({ response, request }) {
    if (isSessionExpiry(response.status, request.url)) onUnauthorized?.();
    else if (await asksForTwoFactorSetup(response)) onTwoFactorSetupRequired?.();
    return response;
  },
};

export const api = createClient<paths>({
  // Same origin as the page (the server serves the app and the API on one origin).
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  // Looked up per call so tests can stub `fetch`.
  fetch: (request) => globalThis.fetch(request),
});
api.use(middleware);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface WithResponse<T> {
  data: T;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns the body and the response, or throws
 * an ApiError holding the problem document. Network failures become status 0.
 */
export async function callWithResponse<T>(request: Promise<FetchResult<T>>): Promise<WithResponse<T>> {
  let result: FetchResult<T>;
  try {
    result = await request;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(networkProblem());
  }
  const { response } = result;
  if (!response.ok) {
    throw new ApiError(
      toProblem(result.error, response.status, response.statusText),
      parseRetryAfter(response.headers.get('Retry-After')),
    );
  }
  return { data: result.data as T, response };
}

export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  return (await callWithResponse(request)).data;
}

/**
 * Every item of a cursor-paginated list, page after page: for lists a screen needs whole (the metric catalogue,
 * a studio's services and locations, the classes of the next two weeks), never silently only the first page.
 */
export async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor?: string | null }>,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.next_cursor ?? undefined;
    if (cursor && seen.has(cursor)) throw new Error('The server repeated a page cursor.');
    if (cursor) seen.add(cursor);
  } while (cursor);
  return items;
}

/** A record with the ETag it was read with: edits send it back as If-Match. */
export interface Versioned<T> {
  data: T;
  etag: string;
}

/** The entity tag from a response, as the server sent it (quotes included). */
export function etagOf(response: Response): string {
  return response.headers.get('ETag') ?? '';
}
