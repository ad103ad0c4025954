import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { HomeRedirect, RequireAuth, RequireRole } from '../auth/guards';
import { PageLoader } from '../components/PageLoader';
import { ROUTES, type RouteEntry } from './manifest';
import { pages } from './pages';

// Every page is its own chunk (see pages.ts), and so is the signed-in layout (AppShell): the
// initial bundle holds only React, the router, the query client and the theme.
const AppLayout = lazy(() => import('../components/AppLayout'));
const NotFoundPage = lazy(() => import('./NotFoundPage'));

function page(route: RouteEntry) {
  const Page = pages[route.page];
  return <Route key={route.path} path={route.path} element={route.roles ? <RequireRole roles={route.roles}><Page /></RequireRole> : <Page />} />;
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
