import { Anchor, Badge, Button, Group, Paper, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  useResetTwoFactor,
  useSetTwoFactorRequirement,
  useSwitchUser,
  useTwoFactorRequirement,
  useUsers,
  type UserListParams,
} from '../../api/hooks/users';
import type { ListedUser, Role, TwoFactorRequirement } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime, ROLE_LABELS } from '../../lib/format';
import { notify } from '../../lib/notify';
import { useCursorPager } from '../../lib/useCursorPager';
import { useDebouncedUrlText, useUrlFilters } from '../../lib/useUrlFilters';

const ROLE_OPTIONS = [
  { value: 'all', label: 'Everyone' },
  { value: 'admin', label: 'Admins' },
  { value: 'trainer', label: 'Trainers' },
  { value: 'client', label: 'Clients' },
];
const STATUS_OPTIONS = [
  { value: 'all', label: 'Active and switched off' },
  { value: 'active', label: 'Active' },
  { value: 'deactivated', label: 'Switched off' },
];

/** Where the person's record is: a trainer's profile or a client's page (admins have none). */
function profileLink(user: ListedUser): string | null {
  if (user.trainer_id) return `/trainers/${user.trainer_id}`;
  if (user.client_id) return `/clients/${user.client_id}`;
  return null;
}

const REQUIREMENT_OPTIONS: { value: TwoFactorRequirement; label: string }[] = [
  { value: 'nobody', label: 'Optional for everyone' },
  { value: 'admins', label: 'Required for admins' },
  { value: 'staff', label: 'Required for admins and trainers' },
];

/** Whose logins must use a second factor; those concerned without one are sent to set it up at once. */
function TwoFactorRequirementCard() {
  const requirement = useTwoFactorRequirement();
  const save = useSetTwoFactorRequirement();
  return (
    <Paper withBorder p="md" radius="md" mb="md" component="section" aria-labelledby="requirement-heading">
      <Text fw={600} id="requirement-heading">
        Two-factor sign-in
      </Text>
      <Text size="sm" c="dimmed" mb="sm">
        When it is required, people concerned who have not set it up can do nothing else until they do. Requiring it of
        admins needs it on for your own account first.
      </Text>
      {requirement.error ? (
        <ErrorAlert error={requirement.error} title="Could not load the setting" onRetry={() => void requirement.refetch()} />
      ) : (
        <Select
          aria-labelledby="requirement-heading"
          maw={360}
          data={REQUIREMENT_OPTIONS}
          value={save.isPending ? save.variables : (requirement.data?.required_for ?? null)}
          disabled={requirement.isPending || save.isPending}
          allowDeselect={false}
          onChange={(value) => {
            if (!value || value === requirement.data?.required_for) return;
            save.mutate(value as TwoFactorRequirement, {
              onSuccess: () => notify({ color: 'green', message: 'Two-factor requirement saved' }),
            });
          }}
        />
      )}
      {save.error ? <ErrorAlert error={save.error} title="Not saved" /> : null}
    </Paper>
  );
}

function plural(count: number, one: string): string {
  return `${count} ${one}${count === 1 ? '' : 's'}`;
}

export default function UsersPage() {
  const me = useMe();
  const filters = useUrlFilters();
  const [search, setSearch] = useDebouncedUrlText('q', filters);
  const role = filters.get('role') || 'all';
  const status = filters.get('status') || 'all';
  const base: UserListParams = {
    q: filters.get('q') || undefined,
    role: role === 'all' ? undefined : (role as Role),
    status: status === 'all' ? undefined : (status as ListedUser['status']),
    limit: 25,
  };
  const pager = useCursorPager(JSON.stringify(base));
  const users = useUsers({ ...base, cursor: pager.cursor });
  const switchUser = useSwitchUser();
  const resetTwoFactor = useResetTwoFactor();
  const [switchingOff, setSwitchingOff] = useState<ListedUser | null>(null);
  // The person stays in state while the dialog closes, so its text does not go blank during the fade.
  const [resetting, setResetting] = useState<ListedUser | null>(null);
  const [resetOpen, setResetOpen] = useState(false);
  const items = users.data?.items ?? [];
  const filtered = Boolean(base.q || base.role || base.status);

  const switchOff = (user: ListedUser) =>
    switchUser.mutate(
      { user, on: false },
      {
        onSuccess: ({ ended }) => {
          const what = ended
            ? [
                plural(ended.sessions_ended, 'session'),
                plural(ended.api_tokens_revoked, 'API token'),
                plural(ended.calendar_feeds_revoked, 'calendar link'),
              ].join(', ')
            : '';
          notify({ color: 'green', message: `${user.full_name} can no longer sign in. Ended: ${what}.` });
          setSwitchingOff(null);
        },
      },
    );
  const reset = (user: ListedUser) =>
    resetTwoFactor.mutate(user, {
      onSuccess: ({ sessions_ended }) => {
        notify({
          color: 'green',
          message: `${user.full_name} now signs in with the password alone (${plural(sessions_ended, 'session')} ended).`,
        });
        setResetOpen(false);
      },
    });
  const switchOn = (user: ListedUser) =>
    switchUser.mutate(
      { user, on: true },
      { onSuccess: () => notify({ color: 'green', message: `${user.full_name} can sign in again` }) },
    );

  return (
    <>
      <PageHeader title="Users">
        <Text size="sm" c="dimmed">
          Everyone who can sign in. Switching a login off signs the person out everywhere at once.
        </Text>
      </PageHeader>
      <TwoFactorRequirementCard />
      <Paper withBorder p="md" radius="md" mb="md" role="search" aria-label="Filter users">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <TextInput
            label="Search users"
            placeholder="Name or e-mail"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <Select
            label="Role"
            data={ROLE_OPTIONS}
            value={role}
            allowDeselect={false}
            onChange={(v) => filters.set({ role: v === 'all' ? null : v })}
          />
          <Select
            label="Status"
            data={STATUS_OPTIONS}
            value={status}
            allowDeselect={false}
            onChange={(v) => filters.set({ status: v === 'all' ? null : v })}
          />
        </SimpleGrid>
      </Paper>

      {users.error ? (
        <ErrorAlert error={users.error} title="Could not load users" onRetry={() => void users.refetch()} />
      ) : users.isPending ? (
        <TableSkeleton label="Loading users" />
      ) : items.length === 0 ? (
        <EmptyState title={filtered ? 'Nobody matches these filters' : 'No users yet'}>
          {filtered ? 'Try another search or show everyone.' : 'Trainers and clients appear here once they accept an invitation.'}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={800} type="native">
          <Table striped verticalSpacing="sm" aria-busy={users.isFetching}>
            <Table.Caption>Users, page {pager.page}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">E-mail</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Last sign-in</Table.Th>
                <Table.Th scope="col">Two-factor</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">
                  <span className="mantine-visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((user) => {
                const link = profileLink(user);
                const self = user.id === me.user.id;
                return (
                  <Table.Tr key={user.id}>
                    <Table.Td>
                      {link ? (
                        <Anchor component={Link} to={link} fw={600} className="cell-truncate" title={user.full_name}>
                          {user.full_name}
                        </Anchor>
                      ) : (
                        <Text fw={600} size="sm" className="cell-truncate" title={user.full_name}>
                          {user.full_name}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{user.email}</Table.Td>
                    <Table.Td>{ROLE_LABELS[user.role]}</Table.Td>
                    <Table.Td>{user.last_login_at ? formatDateTime(user.last_login_at) : 'Never'}</Table.Td>
                    <Table.Td>{user.two_factor ? 'On' : 'Off'}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={user.status === 'active' ? 'green' : 'gray'}>
                        {user.status === 'active' ? 'Active' : 'Switched off'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {self ? (
                        <Text size="xs" c="dimmed">
                          You
                        </Text>
                      ) : (
                        <Group gap="xs" wrap="nowrap">
                          {user.status === 'active' ? (
                            <Button
                              size="compact-sm"
                              variant="outline"
                              color="red"
                              onClick={() => setSwitchingOff(user)}
                              aria-label={`Switch off the login of ${user.full_name}`}
                            >
                              Switch off
                            </Button>
                          ) : (
                            <Button
                              size="compact-sm"
                              variant="light"
                              loading={switchUser.isPending && switchUser.variables?.user.id === user.id}
                              onClick={() => switchOn(user)}
                              aria-label={`Let ${user.full_name} sign in again`}
                            >
                              Switch on
                            </Button>
                          )}
                          {user.two_factor ? (
                            <Button
                              size="compact-sm"
                              variant="subtle"
                              onClick={() => {
                                setResetting(user);
                                setResetOpen(true);
                              }}
                              aria-label={`Reset the two-factor sign-in of ${user.full_name}`}
                            >
                              Reset two-factor
                            </Button>
                          ) : null}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        nextCursor={users.data?.next_cursor}
        onNext={pager.next}
        onPrevious={pager.previous}
        loading={users.isFetching}
        label="User pages"
      />

      <ConfirmDialog
        opened={switchingOff !== null}
        title={`Switch off ${switchingOff?.full_name ?? ''}?`}
        confirmLabel="Switch off"
        loading={switchUser.isPending}
        onClose={() => setSwitchingOff(null)}
        onConfirm={() => switchingOff && switchOff(switchingOff)}
      >
        {switchingOff?.full_name} will be signed out everywhere and will not be able to sign in or reset their password.
        Their API tokens, calendar feed links and any pending invitation stop working now. Their records stay; you can
        switch the login back on later (with the same password).
      </ConfirmDialog>

      <ConfirmDialog
        opened={resetOpen}
        title={`Reset the two-factor sign-in of ${resetting?.full_name ?? ''}?`}
        confirmLabel="Reset two-factor"
        loading={resetTwoFactor.isPending}
        onClose={() => setResetOpen(false)}
        onConfirm={() => resetting && reset(resetting)}
      >
        For someone who lost their phone and their recovery codes. {resetting?.full_name} will be signed out everywhere and
        then sign in with the password alone; if the business requires two-factor sign-in for their role, they set up a
        new authenticator app before anything else. Make sure it is really them asking.
      </ConfirmDialog>
    </>
  );
}
