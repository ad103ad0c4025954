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
}

export const ROUTES = manifest.routes as RouteEntry[];
