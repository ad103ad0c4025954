import { lazy, Suspense } from 'react';
import { matchPath, Route, Routes } from 'react-router';
import { HomeRedirect, RequireAuth, RequireRole } from '../auth/guards';
import { PageLoader } from '../components/PageLoader';
import { ROUTES, type RouteEntry } from './manifest';
import { pages, preloadPage } from './pages';

// Every page is its own chunk (see pages.ts), and so is the signed-in layout (AppShell): the
// initial bundle holds only React, the router, the query client and the theme.
const loadAppLayout = () => import('../components/AppLayout');
const AppLayout = lazy(loadAppLayout);
const NotFoundPage = lazy(() => import('./NotFoundPage'));

function page(route: RouteEntry) {
  const Page = pages[route.page];
  return <Route key={route.path} path={route.path} element={route.roles ? <RequireRole roles={route.roles}><Page /></RequireRole> : <Page />} />;
}

/**
 * Starts loading the chunks the opening URL needs (its page, and the signed-in layout) at once, instead of one
 * after the other once GET /auth/me has answered: the first paint of a signed-in page waits for one round trip
 * less.
 */
export function preloadRoute(pathname: string): void {
  const route = ROUTES.find((r) => matchPath(r.path, pathname));
  if (!route) return;
  preloadPage(route.page);
  if (!route.public) loadAppLayout().catch(() => undefined);
}

/** The routes of manifest.json: public pages on their own, the others inside the signed-in layout. */
export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        {ROUTES.filter((r) => r.public).map(page)}
        <Route element={<RequireAuth />}>
          <Route element={<AppLayout />}>
            <Route index element={<HomeRedirect />} />
            {ROUTES.filter((r) => !r.public).map(page)}
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
      </Routes>
    </Suspense>
  );
}
