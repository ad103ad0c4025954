import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequireAuth } from '../../auth/guards';
import { jsonResponse, renderWithApp } from '../../test/render';
import ClientsListPage from './ClientsListPage';

const me = {
  user: { id: 'u1', email: 'ann@example.com', full_name: 'Ann Admin', role: 'admin', trainer_id: null, client_id: null,
    unit_system: 'metric' },
  csrf_token: 'csrf-1',
  default_phone_region: 'GB',
};

function stubApi() {
  vi.stubGlobal('fetch', vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === '/api/v1/auth/me') return jsonResponse(me);
    if (path === '/api/v1/clients') return jsonResponse({ items: [], next_cursor: null });
    if (path === '/api/v1/trainers') return jsonResponse({ items: [], next_cursor: null });
    return jsonResponse({ type: 'about:blank', title: 'Not Found', status: 404 }, 404);
  }));
}

describe('<ClientsListPage> with no match', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('explains that one or two letters search the start of surnames', async () => {
    stubApi();
    renderWithApp(<RequireAuth><ClientsListPage /></RequireAuth>, { path: '/clients?q=al' });
    expect(await screen.findByText('No clients match these filters')).toBeInTheDocument();
    expect(screen.getByText(/One or two letters find surnames that start with them/)).toBeInTheDocument();
  });

  it('suggests another search for a longer one', async () => {
    stubApi();
    renderWithApp(<RequireAuth><ClientsListPage /></RequireAuth>, { path: '/clients?q=zzzz' });
    expect(await screen.findByText('Try a different search or remove some filters.')).toBeInTheDocument();
  });
});
