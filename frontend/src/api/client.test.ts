import { describe, expect, it } from 'vitest';
import { allPages, isSessionExpiry } from './client';

describe('isSessionExpiry', () => {
  it('treats a 401 from a normal endpoint as an ended session', () => {
    expect(isSessionExpiry(401, 'http://localhost/api/v1/clients?limit=25')).toBe(true);
    expect(isSessionExpiry(401, '/api/v1/auth/tokens')).toBe(true);
  });

  it('ignores 401s that are expected answers', () => {
    expect(isSessionExpiry(401, 'http://localhost/api/v1/auth/login')).toBe(false);
    expect(isSessionExpiry(401, 'http://localhost/api/v1/auth/me')).toBe(false);
    expect(isSessionExpiry(401, 'http://localhost/api/v1/auth/password-reset/confirm')).toBe(false);
    expect(isSessionExpiry(403, 'http://localhost/api/v1/clients')).toBe(false);
  });
});

describe('api client', () => {
  it('sends the CSRF token on unsafe requests only, with same-origin credentials', async () => {
    const { vi } = await import('vitest');
    const { api } = await import('./client');
    const { setCsrfToken } = await import('./csrf');
    const seen: Request[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        seen.push(request);
        return new Response(null, { status: 204 });
      }),
    );
    setCsrfToken('csrf-abc');
    await api.POST('/api/v1/auth/logout');
    await api.GET('/api/v1/clients', { params: { query: { q: 'ann' } } });
    vi.unstubAllGlobals();
    setCsrfToken(null);

    expect(seen[0]!.method).toBe('POST');
    expect(seen[0]!.headers.get('X-CSRF-Token')).toBe('csrf-abc');
    expect(seen[0]!.credentials).toBe('same-origin');
    expect(seen[1]!.headers.get('X-CSRF-Token')).toBeNull();
    expect(new URL(seen[1]!.url).search).toBe('?q=ann');
  });
});

describe('allPages', () => {
  it('follows the cursor to the last page', async () => {
    const pages: Record<string, { items: number[]; next_cursor: string | null }> = {
      first: { items: [1, 2], next_cursor: 'b' },
      b: { items: [3], next_cursor: 'c' },
      c: { items: [4], next_cursor: null },
    };
    const asked: (string | undefined)[] = [];
    const items = await allPages(async (cursor) => {
      asked.push(cursor);
      return pages[cursor ?? 'first']!;
    });
    expect(items).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([undefined, 'b', 'c']);
  });

  it('stops instead of looping when a cursor comes back', async () => {
    await expect(allPages(async () => ({ items: [1], next_cursor: 'same' }))).rejects.toThrow(/repeated/);
  });
});
