import { AppShell, Badge, Burger, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect, useRef } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate, useNavigationType } from 'react-router';
import { useLogout } from '../api/hooks/auth';
import { useMe } from '../auth/AuthContext';
import { ROLE_LABELS } from '../lib/format';
import { navigationFor } from '../routes/manifest';
import { BusinessBrand } from './BusinessBrand';
import { PageLoader } from './PageLoader';

export default function AppLayout() {
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigationType = useNavigationType();
  const navigate = useNavigate();
  const logout = useLogout();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // On every client-side navigation: close the phone menu, start the new page
  // at its top (back/forward keeps the browser's own position) and move focus
  // to the main region, so keyboard and screen reader users start at the content.
  useEffect(() => {
    close();
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    if (navigationType !== 'POP') window.scrollTo({ top: 0, left: 0 });
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname, close]); // eslint-disable-line react-hooks/exhaustive-deps

  const signOut = () => {
    logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="md"
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            {/* Takes the room the account controls leave; a long business name is cut short, not pushed over them. */}
            <Group gap="sm" wrap="nowrap" style={{ flex: 1, minWidth: 0 }}>
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? 'Close navigation' : 'Open navigation'}
                aria-expanded={opened}
                aria-controls="app-navigation"
              />
              <BusinessBrand />
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Stack gap={0} visibleFrom="xs" align="flex-end">
                <Text size="sm" fw={600} data-testid="current-user-name">
                  {me.user.full_name}
                </Text>
                <Badge size="xs" variant="light">
                  {ROLE_LABELS[me.user.role]}
                </Badge>
              </Stack>
              <Button variant="default" size="sm" onClick={signOut} loading={logout.isPending}>
                Sign out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" id="app-navigation" component="nav" aria-label="Main">
          <Text size="sm" fw={600} hiddenFrom="xs" mb="xs">
            {me.user.full_name}
          </Text>
          {navigationFor(me.user.role).map((item) => (
            <NavLink
              key={item.to}
              component={RouterNavLink}
              to={item.to}
              label={item.label}
              onClick={close}
              active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
              aria-current={
                location.pathname === item.to || location.pathname.startsWith(`${item.to}/`) ? 'page' : undefined
              }
            />
          ))}
        </AppShell.Navbar>

        <AppShell.Main id="main" ref={mainRef} tabIndex={-1}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </AppShell.Main>
      </AppShell>
    </>
  );
}
