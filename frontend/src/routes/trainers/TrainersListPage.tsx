import { Anchor, Badge, Button, Group, Modal, Paper, Select, SimpleGrid, Table, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, useNavigate } from 'react-router';
import { useBusiness } from '../../api/hooks/business';
import { useCreateTrainer, useTrainers, type TrainerListParams } from '../../api/hooks/trainers';
import type { TrainerIn, TrainerSort } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useCursorPager } from '../../lib/useCursorPager';
import { useDebouncedUrlText, useUrlFilters } from '../../lib/useUrlFilters';
import { InviteTrainerModal } from './InviteTrainerModal';
import { emptyTrainerForm, TrainerForm } from './TrainerForm';
import { notify } from '../../lib/notify';

const SORT_OPTIONS: { value: TrainerSort; label: string }[] = [
  { value: 'name', label: 'Name (A–Z)' },
  { value: '-name', label: 'Name (Z–A)' },
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
];
const ACTIVE_OPTIONS = [
  { value: 'true', label: 'Active' },
  { value: 'false', label: 'Inactive' },
  { value: 'all', label: 'All' },
];

export default function TrainersListPage() {
  const me = useMe();
  const business = useBusiness();
  const isAdmin = me.user.role === 'admin';
  const filters = useUrlFilters();
  const [search, setSearch] = useDebouncedUrlText('q', filters);
  const [inviteOpened, invite] = useDisclosure(false);
  const [createOpened, create] = useDisclosure(false);
  const createTrainer = useCreateTrainer();
  const navigate = useNavigate();

  const activeFilter = filters.get('active') || 'true';
  const sort = (filters.get('sort') || 'name') as TrainerSort;
  const base: TrainerListParams = {
    q: filters.get('q') || undefined,
    active: activeFilter === 'all' ? undefined : activeFilter === 'true',
    sort,
    limit: 25,
  };
  const pager = useCursorPager(JSON.stringify(base));
  const trainers = useTrainers({ ...base, cursor: pager.cursor });
  const items = trainers.data?.items ?? [];

  const submitNew = async (body: TrainerIn) => {
    const { data } = await createTrainer.mutateAsync(body);
    notify({ color: 'green', message: `${data.full_name} added` });
    create.close();
    navigate(`/trainers/${data.id}`);
  };

  return (
    <>
      <PageHeader
        title="Trainers"
        actions={
          isAdmin ? (
            <>
              <Button variant="light" onClick={invite.open}>
                Invite trainer
              </Button>
              <Button onClick={create.open}>New trainer</Button>
            </>
          ) : null
        }
      />
      <Paper withBorder p="md" radius="md" mb="md" role="search" aria-label="Filter trainers">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <TextInput
            label="Search trainers"
            placeholder="Name or e-mail"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <Select
            label="Show"
            data={ACTIVE_OPTIONS}
            value={activeFilter}
            allowDeselect={false}
            onChange={(v) => filters.set({ active: v === 'true' ? null : v })}
          />
          <Select
            label="Sort by"
            data={SORT_OPTIONS}
            value={sort}
            allowDeselect={false}
            onChange={(v) => filters.set({ sort: v === 'name' ? null : v })}
          />
        </SimpleGrid>
      </Paper>

      {trainers.error ? (
        <ErrorAlert error={trainers.error} title="Could not load trainers" onRetry={() => void trainers.refetch()} />
      ) : trainers.isPending ? (
        <TableSkeleton label="Loading trainers" />
      ) : items.length === 0 ? (
        <EmptyState
          title={base.q ? 'No trainers match your search' : 'No trainers yet'}
          action={
            isAdmin && !base.q ? (
              <Button onClick={invite.open}>Invite your first trainer</Button>
            ) : null
          }
        />
      ) : (
        <Table.ScrollContainer minWidth={640} type="native">
          <Table striped highlightOnHover verticalSpacing="sm" aria-busy={trainers.isFetching}>
            <Table.Caption>Trainers, page {pager.page}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">E-mail</Table.Th>
                <Table.Th scope="col">Specialities</Table.Th>
                <Table.Th scope="col">Clients</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/trainers/${t.id}`} fw={600} className="cell-truncate" title={t.full_name}>
                      {t.full_name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t.email}</Table.Td>
                  <Table.Td>{t.specialities.join(', ') || '—'}</Table.Td>
                  <Table.Td>{t.client_count}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge variant="light" color={t.active ? 'green' : 'gray'}>
                        {t.active ? 'Active' : 'Inactive'}
                      </Badge>
                      {isAdmin && !t.has_account ? (
                        <Badge variant="outline" color="orange">
                          No account
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        nextCursor={trainers.data?.next_cursor}
        onNext={pager.next}
        onPrevious={pager.previous}
        loading={trainers.isFetching}
        label="Trainer list pages"
      />

      {isAdmin ? (
        <>
          <InviteTrainerModal opened={inviteOpened} onClose={invite.close} />
          <Modal opened={createOpened} onClose={create.close} title="New trainer" size="lg">
            <TrainerForm
              initialValues={{ ...emptyTrainerForm, hourly_rate_currency: business.data?.currency ?? 'EUR' }}
              submitLabel="Create trainer"
              onSubmit={submitNew}
              onCancel={create.close}
            />
          </Modal>
        </>
      ) : null}
    </>
  );
}
