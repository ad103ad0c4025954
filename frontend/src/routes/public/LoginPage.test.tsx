import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getCsrfToken, setCsrfToken } from '../../api/csrf';
import { ApiError } from '../../api/problem';
import { jsonResponse, renderWithApp } from '../../test/render';
import LoginPage, { loginErrorText } from './LoginPage';

const problem = (status: number, title: string) => ({ type: 'about:blank', title, status });
const busy = {
  type: 'https://fitnesscrm.dev/problems/busy',
  title: 'Service unavailable',
  status: 503,
  detail: 'Many people are signing in right now; try again in a few seconds.',
};
const signedIn = {
  user: { id: 'u1', email: 'ann@example.com', full_name: 'Ann Admin', role: 'admin', trainer_id: null, client_id: null, unit_system: 'metric' },
  csrf_token: 'csrf-123',
  default_phone_region: 'GB',
};

describe('loginErrorText', () => {
  it('gives a generic message for wrong credentials', () => {
    expect(loginErrorText(new ApiError(problem(401, 'Unauthorized')))).toEqual({
      title: 'Incorrect e-mail or password',
    });
  });

  it('shows the Retry-After wait when throttled', () => {
    expect(loginErrorText(new ApiError(problem(429, 'Too Many Requests'), 17)).title).toBe(
      'Too many attempts, try again in 17 s',
    );
    expect(loginErrorText(new ApiError(problem(429, 'Too Many Requests'))).title).toBe(
      'Too many attempts, try again later',
    );
  });

  it('says the site is busy rather than showing the server detail as an error', () => {
    expect(loginErrorText(new ApiError(busy, 2))).toEqual({
      title: 'The site is busy',
      detail: 'Many people are signing in right now. Please try again in a moment.',
    });
    // Another 503 (a proxy in front, a database outage) is not a busy answer.
    expect(loginErrorText(new ApiError(problem(503, 'Service unavailable'))).title).toBe('Service unavailable');
  });
});

describe('<LoginPage>', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  function stubApi(login: () => Response) {
    const fetch = vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === '/api/v1/auth/me') return jsonResponse(problem(401, 'Unauthorized'), 401);
      if (path === '/api/v1/auth/login') return login();
      return jsonResponse(problem(404, 'Not Found'), 404);
    });
    vi.stubGlobal('fetch', fetch);
    return fetch;
  }

  it('validates the form before calling the API', async () => {
    const fetch = stubApi(() => jsonResponse({}, 500));
    renderWithApp(<LoginPage />, { path: '/login' });
    await userEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter a valid e-mail address')).toBeInTheDocument();
    expect(fetch.mock.calls.some(([r]) => (r as Request).url.endsWith('/auth/login'))).toBe(false);
  });

  it('announces throttling with the Retry-After delay', async () => {
    stubApi(() => jsonResponse(problem(429, 'Too Many Requests'), 429, { 'Retry-After': '30' }));
    renderWithApp(<LoginPage />, { path: '/login' });
    await userEvent.type(await screen.findByLabelText(/E-mail/), 'ann@example.com');
    await userEvent.type(screen.getByLabelText(/Password/), 'secret-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts, try again in 30 s');
  });

  async function signIn() {
    await userEvent.type(await screen.findByLabelText(/E-mail/), 'ann@example.com');
    await userEvent.type(screen.getByLabelText(/Password/), 'secret-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  }
  const loginCalls = (fetch: ReturnType<typeof stubApi>) =>
    fetch.mock.calls.filter(([r]) => new URL((r as Request).url).pathname === '/api/v1/auth/login').length;

  it('tells the person the site is busy while it waits out Retry-After', async () => {
    const fetch = stubApi(() => jsonResponse(busy, 503, { 'Retry-After': '30' }));
    renderWithApp(<LoginPage />, { path: '/login' });
    await signIn();
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent('The site is busy');
    expect(status).toHaveTextContent('Trying again in 30 s');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(loginCalls(fetch)).toBe(1);
  });

  it('retries a busy sign-in once and signs in when the server has room', async () => {
    const answers = [jsonResponse(busy, 503, { 'Retry-After': '0' }), jsonResponse(signedIn)];
    const fetch = stubApi(() => answers.shift()!);
    renderWithApp(<LoginPage />, { path: '/login' });
    await signIn();
    await waitFor(() => expect(getCsrfToken()).toBe('csrf-123'));
    expect(loginCalls(fetch)).toBe(2);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('stops after one retry and asks the person to try again', async () => {
    const fetch = stubApi(() => jsonResponse(busy, 503, { 'Retry-After': '0' }));
    renderWithApp(<LoginPage />, { path: '/login' });
    await signIn();
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The site is busy');
    expect(alert).toHaveTextContent('Please try again in a moment.');
    expect(alert).not.toHaveTextContent('try again in a few seconds'); // the server's detail is not shown raw
    expect(loginCalls(fetch)).toBe(2);
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('keeps the CSRF token from the login response in memory', async () => {
    stubApi(() =>
      jsonResponse({
        user: {
          id: 'u1',
          email: 'ann@example.com',
          full_name: 'Ann Admin',
          role: 'admin',
          trainer_id: null,
          client_id: null,
          unit_system: 'metric',
        },
        csrf_token: 'csrf-123',
        default_phone_region: 'GB',
      }),
    );
    renderWithApp(<LoginPage />, { path: '/login' });
    await userEvent.type(await screen.findByLabelText(/E-mail/), 'ann@example.com');
    await userEvent.type(screen.getByLabelText(/Password/), 'secret-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(getCsrfToken()).toBe('csrf-123'));
    expect(window.localStorage.length).toBe(0);
  });
});
