import type { Role } from '../api/types';
import manifest from './manifest.json';
import type { PageName } from './pages';

/** One page of the app, as manifest.json lists it (checked against the page map by manifest.test.ts). */
export interface RouteEntry {
  path: string;
  page: PageName;
  /** Open to everyone, signed in or not, outside the signed-in layout. */
  public?: boolean;
  /** Who may open a signed-in page; others are sent to their home page. */
  roles?: Role[];
  /** The page refreshes itself this often; the idle-requests browser test allows for it. */
  pollSeconds?: number;
  /** In the main navigation of the roles that may open it: its label (per role where it differs) and place. */
  nav?: { label: string; order: number; labelFor?: Partial<Record<Role, string>> };
}

export const ROUTES = manifest.routes as RouteEntry[];

export interface NavItem {
  to: string;
  label: string;
}

/** The main navigation of a role: the manifest's pages that role may open and that declare a place in it. */
export function navigationFor(role: Role): NavItem[] {
  return ROUTES.filter((r) => r.nav && r.roles?.includes(role))
    .sort((a, b) => (a.nav?.order ?? 0) - (b.nav?.order ?? 0))
    .map((r) => ({ to: r.path, label: r.nav?.labelFor?.[role] ?? r.nav?.label ?? r.path }));
}
