import { Badge, Button, Group, Stack, Tabs, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { usePrograms, useTemplates } from '../../api/hooks/training';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { PageHeader } from '../../components/PageHeader';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useCursorPager } from '../../lib/useCursorPager';
import { AssignModal } from './AssignModal';

function Row({ to, title, detail, badge, onAssign }: { to: string; title: string; detail: string; badge?: string; onAssign: () => void }) {
  const navigate = useNavigate();
  return (
    <Group component="li" className="list-button" p="sm" justify="space-between" wrap="nowrap">
      <UnstyledButton onClick={() => navigate(to)} style={{ flex: 1 }} aria-label={`Open ${title}`}>
        <Text fw={600}>{title}</Text>
        <Text size="sm" c="dimmed">
          {detail}
        </Text>
      </UnstyledButton>
      <Group gap="xs" wrap="nowrap">
        {badge ? (
          <Badge variant="light" color="gray" size="sm">
            {badge}
          </Badge>
        ) : null}
        <Button size="xs" variant="light" onClick={onAssign} aria-label={`Assign ${title}`}>
          Assign
        </Button>
      </Group>
    </Group>
  );
}

const listStyle = { listStyle: 'none', padding: 0, margin: 0 } as const;
const PAGE_SIZE = 25;

export default function ProgrammesPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'workouts' ? 'workouts' : 'programmes';
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  // Each tab pages through its list (a library grows past one page); a new search starts at page 1.
  const programPager = useCursorPager(`programs:${q}`);
  const templatePager = useCursorPager(`templates:${q}`);
  const programs = usePrograms({ q: q || undefined, cursor: programPager.cursor, limit: PAGE_SIZE });
  const templates = useTemplates({ q: q || undefined, cursor: templatePager.cursor, limit: PAGE_SIZE });
  const [assigning, setAssigning] = useState<{ kind: 'program' | 'template'; id: string; name: string } | null>(null);

  return (
    <>
      <PageHeader
        title="Programmes"
        actions={
          <>
            <Button component={Link} to="/programmes/workouts/new" variant={tab === 'workouts' ? 'filled' : 'default'}>
              New workout
            </Button>
            <Button component={Link} to="/programmes/new" variant={tab === 'programmes' ? 'filled' : 'default'}>
              New programme
            </Button>
          </>
        }
      />
      <TextInput label="Search by name" type="search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} mb="md" maw={360} />
      <Tabs value={tab} onChange={(v) => setParams(v === 'workouts' ? { tab: 'workouts' } : {}, { replace: true })}>
        <Tabs.List mb="md">
          <Tabs.Tab value="programmes">Programmes</Tabs.Tab>
          <Tabs.Tab value="workouts">Workouts</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="programmes">
          <ErrorAlert error={programs.error} onRetry={() => void programs.refetch()} />
          {programs.isPending ? (
            <TableSkeleton rows={4} />
          ) : programs.data?.items.length ? (
            <Stack component="ul" gap="xs" style={listStyle} aria-label="Programmes">
              {programs.data.items.map((p) => (
                <Row
                  key={p.id}
                  to={`/programmes/${p.id}`}
                  title={p.name}
                  detail={`${p.weeks} ${p.weeks === 1 ? 'week' : 'weeks'} · ${p.day_count} workouts`}
                  badge={p.owner_trainer_id ? undefined : 'Shared'}
                  onAssign={() => setAssigning({ kind: 'program', id: p.id, name: p.name })}
                />
              ))}
            </Stack>
          ) : (
            <EmptyState
              title={q ? 'No programmes match' : 'No programmes yet'}
              action={
                <Button component={Link} to="/programmes/new">
                  New programme
                </Button>
              }
            >
              A programme lays workouts out over weeks and days, with a weekly progression.
            </EmptyState>
          )}
          <Pager
            page={programPager.page}
            hasPrevious={programPager.hasPrevious}
            nextCursor={programs.data?.next_cursor}
            onNext={programPager.next}
            onPrevious={programPager.previous}
            loading={programs.isFetching}
            label="Programme list pages"
          />
        </Tabs.Panel>
        <Tabs.Panel value="workouts">
          <ErrorAlert error={templates.error} onRetry={() => void templates.refetch()} />
          {templates.isPending ? (
            <TableSkeleton rows={4} />
          ) : templates.data?.items.length ? (
            <Stack component="ul" gap="xs" style={listStyle} aria-label="Workouts">
              {templates.data.items.map((t) => (
                <Row
                  key={t.id}
                  to={`/programmes/workouts/${t.id}`}
                  title={t.name}
                  detail={`${t.blocks.reduce((n, b) => n + b.exercises.length, 0)} exercises in ${t.blocks.length} blocks`}
                  badge={t.owner_trainer_id ? undefined : 'Shared'}
                  onAssign={() => setAssigning({ kind: 'template', id: t.id, name: t.name })}
                />
              ))}
            </Stack>
          ) : (
            <EmptyState
              title={q ? 'No workouts match' : 'No workouts yet'}
              action={
                <Button component={Link} to="/programmes/workouts/new">
                  New workout
                </Button>
              }
            >
              A workout is a list of exercises with sets, reps and loads.
            </EmptyState>
          )}
          <Pager
            page={templatePager.page}
            hasPrevious={templatePager.hasPrevious}
            nextCursor={templates.data?.next_cursor}
            onNext={templatePager.next}
            onPrevious={templatePager.previous}
            loading={templates.isFetching}
            label="Workout list pages"
          />
        </Tabs.Panel>
      </Tabs>
      {assigning ? <AssignModal opened onClose={() => setAssigning(null)} what={assigning} /> : null}
    </>
  );
}
