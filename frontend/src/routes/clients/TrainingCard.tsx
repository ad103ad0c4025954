import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCancelAssignment, usePlan, useProgramAssignments, useStartWorkout, useWorkoutLogs } from '../../api/hooks/training';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../lib/format';
import { assignmentPhase, localToday } from '../../lib/plan';
import { formatWeight } from '../../lib/units';
import { AssignModal } from '../training/AssignModal';

const STATUS_COLORS = { active: 'blue', completed: 'green', cancelled: 'gray', finished: 'gray' } as const;


/** The client's training on their record: what is assigned, today's workout (log it in the session) and recent logs. */
export function TrainingCard({ clientId, clientName, canEdit }: { clientId: string; clientName: string; canEdit: boolean }) {
  const navigate = useNavigate();
  const today = localToday();
  const assignments = useProgramAssignments(clientId);
  const plan = usePlan(clientId, { from: today, to: today });
  const logs = useWorkoutLogs(clientId, 5);
  const cancel = useCancelAssignment();
  const start = useStartWorkout();
  const [assigning, setAssigning] = useState(false);
  const todays = plan.data?.items ?? [];
  const active = (assignments.data?.items ?? []).filter((a) => a.status !== 'cancelled');

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="training-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4" id="training-heading">
          Training
        </Title>
        <Group gap="xs">
          <Button size="xs" variant="default" component={Link} to={`/clients/${clientId}/progress`}>
            Progress
          </Button>
          {canEdit ? (
            <Button size="xs" onClick={() => setAssigning(true)}>
              Assign training
            </Button>
          ) : null}
        </Group>
      </Group>
      <ErrorAlert error={assignments.error ?? plan.error ?? logs.error} />
      <Stack gap="sm">
        {todays.map((item) => (
          <Group key={item.assignment_id} justify="space-between" wrap="wrap" gap="xs" bg="blue.0" p="xs" style={{ borderRadius: 8 }}>
            <div>
              <Text size="sm" fw={600}>
                Today: {item.title}
              </Text>
              <Text size="xs" c="dimmed">
                {item.status === 'completed' ? 'Completed' : item.status === 'in_progress' ? 'In progress' : 'Planned'}
              </Text>
            </div>
            <Button
              size="xs"
              loading={start.isPending}
              onClick={() =>
                item.workout_log_id
                  ? navigate(`/workouts/${item.workout_log_id}`)
                  : start.mutate(
                      { client_id: clientId, assignment_id: item.assignment_id, performed_on: item.date },
                      { onSuccess: (log) => navigate(`/workouts/${log.id}`) },
                    )
              }
            >
              {item.workout_log_id ? 'Open log' : 'Log workout'}
            </Button>
          </Group>
        ))}
        <div>
          <Text size="sm" fw={600} mb={4}>
            Assigned
          </Text>
          {active.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing assigned yet.
            </Text>
          ) : (
            <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Assigned training">
              {active.map((a) => (
                <Stack component="li" key={a.id} gap={2}>
                  <div>
                    {a.program_id ? (
                      <Anchor component={Link} to={`/programmes/${a.program_id}`} size="sm" fw={500}>
                        {a.title}
                      </Anchor>
                    ) : (
                      <Text size="sm" fw={500}>
                        {a.title}
                      </Text>
                    )}
                  </div>
                  <Group gap={6} wrap="wrap">
                    <Text size="xs" c="dimmed">
                      {formatDate(a.start_date)} – {formatDate(a.end_date)}
                    </Text>
                    <Badge size="sm" variant="light" color={STATUS_COLORS[assignmentPhase(a, today)]}>
                      {assignmentPhase(a, today)}
                    </Badge>
                    {canEdit && assignmentPhase(a, today) === 'active' ? (
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => cancel.mutate(a.id)} aria-label={`Cancel ${a.title}`}>
                        Cancel
                      </Button>
                    ) : null}
                  </Group>
                </Stack>
              ))}
            </Stack>
          )}
        </div>
        <div>
          <Text size="sm" fw={600} mb={4}>
            Recent workouts
          </Text>
          {(logs.data?.items ?? []).length === 0 ? (
            <Text size="sm" c="dimmed">
              No workouts logged yet.
            </Text>
          ) : (
            <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {logs.data!.items.map((l) => (
                <Group component="li" key={l.id} justify="space-between" wrap="wrap" gap={4}>
                  <Anchor component={Link} to={`/workouts/${l.id}`} size="sm">
                    {l.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {formatDate(l.performed_on)} · {l.set_count} sets · {formatWeight(l.volume_kg, 'kg', 0)}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </div>
      </Stack>
      {assigning ? <AssignModal opened onClose={() => setAssigning(false)} client={{ id: clientId, name: clientName }} /> : null}
    </Card>
  );
}
