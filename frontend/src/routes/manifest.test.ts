import { matchPath } from 'react-router';
import { describe, expect, it } from 'vitest';
import { STATUS_REFRESH_MS } from '../api/hooks/status';
import { homePathFor } from '../auth/AuthContext';
import manifest from './manifest.json';
import { navigationFor, ROUTES } from './manifest';
import { pages } from './pages';
import routerSource from './index.tsx?raw';

const ROLES = ['admin', 'trainer', 'client'] as const;

function routeOf(path: string) {
  return ROUTES.find((r) => matchPath(r.path, path));
}

describe('route manifest', () => {
  it('names only pages the page map loads, and uses every one of them', () => {
    const named = new Set(manifest.routes.map((r) => r.page));
    expect([...named].filter((name) => !(name in pages))).toEqual([]);
    expect(Object.keys(pages).filter((name) => !named.has(name))).toEqual([]);
  });

  it('is the only place pages are routed, so the idle-requests browser test sees every page', () => {
    expect(routerSource).not.toMatch(/path=["'](?!\*["'])/);
  });

  it('lists each path once, as public or with the roles that may open it', () => {
    const paths = ROUTES.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const route of ROUTES) {
      expect(route.path, route.path).toMatch(/^\/[a-z][a-zA-Z0-9/:-]*$/);
      if (route.public) expect(route.roles, route.path).toBeUndefined();
      else expect(route.roles?.length, `${route.path} needs roles or public`).toBeGreaterThan(0);
      for (const role of route.roles ?? []) expect(ROLES, route.path).toContain(role);
      if (route.pollSeconds !== undefined) expect(route.pollSeconds, route.path).toBeGreaterThan(0);
    }
  });

  it('routes every navigation link and home page to a page the role may open', () => {
    for (const role of ROLES) {
      for (const target of [...navigationFor(role).map((i) => i.to), homePathFor(role)]) {
        const route = routeOf(target);
        expect(route, `${role} → ${target}`).toBeDefined();
        expect(route?.public || route?.roles?.includes(role), `${role} → ${target}`).toBe(true);
      }
    }
  });

  it('declares the status pages’ refresh interval', () => {
    for (const path of ['/status', '/system']) expect(routeOf(path)?.pollSeconds).toBe(STATUS_REFRESH_MS / 1000);
  });

  it('sends a client to Today after signing in', () => {
    expect(homePathFor('client')).toBe('/today');
  });
});
