import { Anchor, Badge, Button, Group, Paper, Select, SimpleGrid, Switch, Table, Text, TextInput } from '@mantine/core';
import { Link } from 'react-router';
import { useClients, type ClientListParams } from '../../api/hooks/clients';
import { trainerSource } from '../../api/hooks/pickers';
import { SearchSelect } from '../../components/SearchSelect';
import type { ClientSort, ClientStatus } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { ClientStatusBadge } from '../../components/StatusBadge';
import { TableSkeleton } from '../../components/TableSkeleton';
import { CLIENT_STATUS_LABELS, formatDate } from '../../lib/format';
import { useCursorPager } from '../../lib/useCursorPager';
import { useDebouncedUrlText, useUrlFilters } from '../../lib/useUrlFilters';
import { TruncatedText } from '../../components/TruncatedText';

const SORT_OPTIONS: { value: ClientSort; label: string }[] = [
  { value: 'name', label: 'Name (A–Z)' },
  { value: '-name', label: 'Name (Z–A)' },
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: 'status', label: 'Status' },
];
const STATUS_OPTIONS = (Object.keys(CLIENT_STATUS_LABELS) as ClientStatus[]).map((s) => ({
  value: s,
  label: CLIENT_STATUS_LABELS[s],
}));
const PAGE_SIZE = 25;

export default function ClientsListPage() {
  const me = useMe();
  const isAdmin = me.user.role === 'admin';
  const filters = useUrlFilters();
  const [search, setSearch] = useDebouncedUrlText('q', filters);
  const [tag, setTag] = useDebouncedUrlText('tag', filters);

  const status = (filters.get('status') || undefined) as ClientStatus | undefined;
  const sort = (filters.get('sort') || 'name') as ClientSort;
  const archived = filters.get('archived') === 'true';
  const trainerId = isAdmin ? filters.get('trainer_id') || undefined : undefined;
  const base: ClientListParams = {
    q: filters.get('q') || undefined,
    tag: filters.get('tag') || undefined,
    status,
    trainer_id: trainerId,
    archived,
    sort,
    limit: PAGE_SIZE,
  };
  const pager = useCursorPager(JSON.stringify(base));
  const clients = useClients({ ...base, cursor: pager.cursor });
  const hasFilters = Boolean(base.q || base.tag || status || trainerId || archived);
  // The server reads one or two characters as the start of a surname (like a phone book): say so when it finds none.
  const shortSearch = (base.q ?? '').trim().length > 0 && (base.q ?? '').trim().length < 3;
  const canCreate = me.user.role === 'admin' || me.user.role === 'trainer';
  const title = isAdmin ? 'Clients' : 'My clients';

  const items = clients.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={title}
        actions={
          canCreate ? (
            <Button component={Link} to="/clients/new">
              New client
            </Button>
          ) : null
        }
      />

      <Paper withBorder p="md" radius="md" mb="md" role="search" aria-label="Filter clients">
        <SimpleGrid cols={{ base: 1, xs: 2, md: isAdmin ? 5 : 4 }} spacing="sm">
          <TextInput
            label="Search clients"
            placeholder="Name, e-mail or phone"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <Select
            label="Status"
            placeholder="Any status"
            data={STATUS_OPTIONS}
            value={status ?? null}
            onChange={(v) => filters.set({ status: v })}
            clearable
          />
          <TextInput label="Tag" placeholder="Any tag" value={tag} onChange={(e) => setTag(e.currentTarget.value)} />
          {isAdmin ? (
            <SearchSelect
              label="Trainer"
              placeholder="Any trainer"
              source={trainerSource()}
              value={trainerId ?? null}
              onChange={(v) => filters.set({ trainer_id: v })}
              clearable
              noItemsMessage="No active trainers"
            />
          ) : null}
          <Select
            label="Sort by"
            data={SORT_OPTIONS}
            value={sort}
            allowDeselect={false}
            onChange={(v) => filters.set({ sort: v === 'name' ? null : v })}
          />
        </SimpleGrid>
        <Group mt="sm" justify="space-between">
          <Switch
            label="Show archived clients"
            checked={archived}
            onChange={(e) => filters.set({ archived: e.currentTarget.checked ? 'true' : null })}
          />
          {hasFilters ? (
            <Button variant="subtle" size="xs" onClick={filters.clear}>
              Clear filters
            </Button>
          ) : null}
        </Group>
      </Paper>

      {clients.error ? (
        <ErrorAlert error={clients.error} title="Could not load clients" onRetry={() => void clients.refetch()} />
      ) : clients.isPending ? (
        <TableSkeleton label="Loading clients" />
      ) : items.length === 0 ? (
        hasFilters ? (
          <EmptyState
            title="No clients match these filters"
            action={
              <Button variant="light" onClick={filters.clear}>
                Clear filters
              </Button>
            }
          >
            {shortSearch
              ? 'One or two letters find surnames that start with them; type three or more to search anywhere in names, e-mails and phones.'
              : 'Try a different search or remove some filters.'}
          </EmptyState>
        ) : (
          <EmptyState
            title={isAdmin ? 'No clients yet' : 'No clients assigned to you yet'}
            action={
              canCreate ? (
                <Button component={Link} to="/clients/new">
                  Add your first client
                </Button>
              ) : null
            }
          >
            Clients you add will appear here.
          </EmptyState>
        )
      ) : (
        <>
          <Table.ScrollContainer minWidth={720} type="native">
            <Table
              striped
              highlightOnHover
              verticalSpacing="sm"
              aria-busy={clients.isFetching}
              data-testid="clients-table"
            >
              <Table.Caption>
                {title}, page {pager.page}
              </Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">E-mail</Table.Th>
                  <Table.Th scope="col">Phone</Table.Th>
                  <Table.Th scope="col">Trainers</Table.Th>
                  <Table.Th scope="col">Tags</Table.Th>
                  <Table.Th scope="col">Added</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/clients/${c.id}`} fw={600} className="cell-truncate" title={c.full_name}>
                        {c.full_name}
                      </Anchor>
                      {c.archived_at ? (
                        <Badge ml="xs" size="xs" color="gray" variant="outline">
                          Archived
                        </Badge>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <ClientStatusBadge status={c.status} />
                    </Table.Td>
                    <Table.Td>{c.email ? <TruncatedText text={c.email} /> : '—'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.phone ?? '—'}</Table.Td>
                    <Table.Td>
                      {c.trainers.length ? (
                        <TruncatedText text={c.trainers.map((t) => (t.is_primary ? `${t.full_name} (primary)` : t.full_name)).join(', ')} />
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      {c.tags.length ? (
                        <Group gap={4}>
                          {c.tags.map((t) => (
                            <Badge key={t} size="xs" variant="outline" color="gray">
                              {t}
                            </Badge>
                          ))}
                        </Group>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(c.created_at.slice(0, 10))}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text size="xs" c="dimmed" hiddenFrom="sm" mt={4}>
            Scroll the table sideways to see all columns.
          </Text>
        </>
      )}
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        nextCursor={clients.data?.next_cursor}
        onNext={pager.next}
        onPrevious={pager.previous}
        loading={clients.isFetching}
        label="Client list pages"
      />
    </>
  );
}
