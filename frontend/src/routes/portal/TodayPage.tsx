import { Alert, Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { usePlan, useStartWorkout } from '../../api/hooks/training';
import type { PlannedWorkout } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { formatDate } from '../../lib/format';
import { localToday, loggerRows, PLAN_STATUS_LABELS } from '../../lib/plan';
import { useLoadUnit } from '../../lib/useLoadUnit';
import { formatPrescription } from '../../lib/units';

const STATUS_COLORS = { planned: 'blue', in_progress: 'orange', completed: 'green' } as const;

function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

function WorkoutCard({ item, clientId }: { item: PlannedWorkout; clientId: string }) {
  const navigate = useNavigate();
  const start = useStartWorkout();
  const [unit] = useLoadUnit();
  const rows = loggerRows(item.blocks);
  const go = () => {
    if (item.workout_log_id) {
      navigate(`/workouts/${item.workout_log_id}`);
      return;
    }
    start.mutate(
      { client_id: clientId, assignment_id: item.assignment_id, performed_on: item.date },
      { onSuccess: (log) => navigate(`/workouts/${log.id}`) },
    );
  };
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-label={item.title}>
      <Group justify="space-between" wrap="nowrap" mb="xs">
        <div>
          <Title order={2} fz="h3">
            {item.title}
          </Title>
        </div>
        <Badge color={STATUS_COLORS[item.status]} variant="light" style={{ flexShrink: 0 }}>
          {PLAN_STATUS_LABELS[item.status]}
        </Badge>
      </Group>
      <List size="sm" spacing={4} mb="md">
        {rows.map((r) => (
          <List.Item key={r.position}>
            <Text span fw={600}>
              {r.label}. {r.prescription.exercise_name}
            </Text>{' '}
            <Text span c="dimmed">
              {formatPrescription(r.prescription, unit)}
            </Text>
          </List.Item>
        ))}
      </List>
      <ErrorAlert error={start.error} />
      <Button size="lg" fullWidth onClick={go} loading={start.isPending} variant={item.status === 'completed' ? 'default' : 'filled'}>
        {item.status === 'completed' ? 'View workout' : item.status === 'in_progress' ? 'Continue workout' : 'Start workout'}
      </Button>
    </Card>
  );
}

export default function TodayPage() {
  const me = useMe();
  const clientId = me.user.client_id;
  const today = localToday();
  const plan = usePlan(clientId, { from: today, to: addDays(today, 6) });

  if (!clientId) return <Alert color="orange">Your account is not linked to a client record yet.</Alert>;
  if (plan.isPending) return <PageLoader label="Loading your plan" />;
  const todays = plan.data?.items.filter((i) => i.date === today) ?? [];
  const upcoming = plan.data?.items.filter((i) => i.date > today) ?? [];

  return (
    <Stack maw={640}>
      <PageHeader title="Today">
        <Text c="dimmed">{formatDate(today)}</Text>
      </PageHeader>
      <ErrorAlert error={plan.error} onRetry={() => void plan.refetch()} />
      {todays.length === 0 ? (
        <EmptyState title="Rest day">Nothing is planned for today. Enjoy the recovery.</EmptyState>
      ) : (
        todays.map((item) => <WorkoutCard key={`${item.assignment_id}-${item.date}`} item={item} clientId={clientId} />)
      )}
      {upcoming.length ? (
        <section aria-labelledby="upcoming-heading">
          <Title order={2} fz="h4" id="upcoming-heading" mb="xs">
            Coming up
          </Title>
          <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {upcoming.map((item) => (
              <Group component="li" key={`${item.assignment_id}-${item.date}`} justify="space-between" className="list-button" p="sm">
                <Text fw={500}>{item.title}</Text>
                <Text size="sm" c="dimmed">
                  {formatDate(item.date)}
                </Text>
              </Group>
            ))}
          </Stack>
        </section>
      ) : null}
    </Stack>
  );
}
