import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getCsrfToken } from '../../api/csrf';
import { ApiError } from '../../api/problem';
import { jsonResponse, renderWithApp } from '../../test/render';
import LoginPage, { loginErrorText } from './LoginPage';

const problem = (status: number, title: string) => ({ type: 'about:blank', title, status });

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
});

describe('<LoginPage>', () => {
  afterEach(() => vi.unstubAllGlobals());

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
    await vi.waitFor(() => expect(getCsrfToken()).toBe('csrf-123'));
    expect(window.localStorage.length).toBe(0);
  });
});
