import { Badge, Group, Paper, Text, Timeline, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { PublicIncident } from '../api/types';
import { formatDateTime } from '../lib/format';
import {
  componentNames,
  IMPACT_LABELS,
  INCIDENT_STATUS_COLORS,
  INCIDENT_STATUS_LABELS,
  STATE_COLORS,
} from '../lib/status';

type Update = PublicIncident['updates'][number] & { author_name?: string };
/** A public incident, or an admin's view of one (whose updates name their authors). */
export type TimelineIncident = Omit<PublicIncident, 'updates'> & { updates: Update[] };

/** An incident with its timeline of updates, newest first. */
export function IncidentCard({ incident, children }: { incident: TimelineIncident; children?: ReactNode }) {
  const headingId = `incident-${incident.id}`;
  return (
    <Paper withBorder radius="md" p="md" component="article" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-start" gap="xs" mb="xs">
        <Title order={3} fz="h5" id={headingId} style={{ overflowWrap: 'anywhere' }}>
          {incident.title}
        </Title>
        <Group gap={6}>
          <Badge variant="light" color={INCIDENT_STATUS_COLORS[incident.status]}>
            {INCIDENT_STATUS_LABELS[incident.status]}
          </Badge>
          {incident.status !== 'resolved' ? (
            <Badge variant="outline" color={STATE_COLORS[incident.impact]}>
              {IMPACT_LABELS[incident.impact]}
            </Badge>
          ) : null}
        </Group>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        Affects {componentNames(incident.components)} · started {formatDateTime(incident.started_at)}
        {incident.resolved_at ? ` · resolved ${formatDateTime(incident.resolved_at)}` : ''}
      </Text>
      <Timeline bulletSize={12} lineWidth={2} active={0}>
        {incident.updates.map((u) => (
          <Timeline.Item key={u.id} title={INCIDENT_STATUS_LABELS[u.status]}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {u.message}
            </Text>
            <Text size="xs" c="dimmed">
              {formatDateTime(u.created_at)}
              {u.author_name ? ` · ${u.author_name}` : ''}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      {children}
    </Paper>
  );
}
