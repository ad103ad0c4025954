import { Badge, Box, Button, Card, Group, Progress, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { Goal, Metric } from '../../api/types';
import { deadlineText, goalColor, milestonePosition, remainingText } from '../../lib/goals';
import { localToday } from '../../lib/plan';
import { formatNumber } from '../../lib/units';
import { GoalEditorModal } from './GoalEditorModal';

function GoalRow({ goal, onEdit }: { goal: Goal; onEdit?: () => void }) {
  const today = localToday();
  const due = deadlineText(goal.deadline, today);
  return (
    <Stack gap={4} component="li" aria-label={goal.title}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={600}>{goal.title}</Text>
          <Text size="sm" c="dimmed">
            {formatNumber(goal.start_value)} → {formatNumber(goal.target_value)} {goal.unit}
            {goal.current_value !== null ? ` · now ${formatNumber(goal.current_value)} ${goal.unit}` : ''}
          </Text>
        </div>
        <Group gap={6} wrap="nowrap">
          {goal.status === 'achieved' ? <Badge color="green">Achieved</Badge> : null}
          {goal.status === 'abandoned' ? <Badge color="gray">Abandoned</Badge> : null}
          {onEdit ? (
            <Button size="compact-sm" variant="subtle" onClick={onEdit} aria-label={`Edit goal ${goal.title}`}>
              Edit
            </Button>
          ) : null}
        </Group>
      </Group>
      <Box pos="relative">
        <Progress
          value={goal.progress_percent}
          color={goalColor(goal, today)}
          size="lg"
          radius="xl"
          aria-label={`${goal.title}: ${formatNumber(goal.progress_percent)} %`}
        />
        {goal.milestones.map((m) => (
          <Tooltip key={`${m.value}-${m.label}`} label={`${m.label} (${formatNumber(m.value)} ${goal.unit})${m.reached ? ' — reached' : ''}`}>
            <Box
              pos="absolute"
              top={-3}
              h={22}
              w={4}
              bg={m.reached ? 'green.8' : 'gray.6'}
              style={{ left: `calc(${milestonePosition(goal.start_value, goal.target_value, m.value)}% - 2px)`, borderRadius: 2 }}
              aria-hidden
            />
          </Tooltip>
        ))}
      </Box>
      <Group justify="space-between" gap="xs">
        <Text size="sm">
          <Text span fw={600}>
            {formatNumber(goal.progress_percent)} %
          </Text>{' '}
          · {remainingText(goal)}
        </Text>
        <Text size="sm" c="dimmed">
          {[goal.milestones.length ? `${goal.milestones_reached}/${goal.milestones.length} milestones` : null, due].filter(Boolean).join(' · ')}
        </Text>
      </Group>
    </Stack>
  );
}

export function GoalsCard({
  clientId,
  goals,
  metrics,
  canEdit,
  defaultUnit,
}: {
  clientId: string;
  goals: Goal[];
  metrics: Metric[];
  canEdit: boolean;
  defaultUnit: (m: Metric) => string;
}) {
  const [editing, setEditing] = useState<Goal | 'new' | null>(null);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="goals-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4" id="goals-heading">
          Goals
        </Title>
        {canEdit ? (
          <Button size="xs" onClick={() => setEditing('new')}>
            New goal
          </Button>
        ) : null}
      </Group>
      {goals.length === 0 ? (
        <Text c="dimmed" size="sm">
          No goals yet.{canEdit ? ' Set one to track progress towards it.' : ''}
        </Text>
      ) : (
        <Stack gap="lg" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {goals.map((g) => (
            <GoalRow key={g.id} goal={g} onEdit={canEdit && g.kind === 'metric' ? () => setEditing(g) : undefined} />
          ))}
        </Stack>
      )}
      {editing ? (
        <GoalEditorModal
          opened
          onClose={() => setEditing(null)}
          clientId={clientId}
          metrics={metrics}
          goal={editing === 'new' ? undefined : editing}
          defaultUnit={defaultUnit}
        />
      ) : null}
    </Card>
  );
}
