import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { STATUS_REFRESH_MS, useSystemReport } from '../../api/hooks/status';
import type { SystemReport } from '../../api/types';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { StateBadge } from '../../components/StateBadge';
import { formatDateTime } from '../../lib/format';
import {
  backupText,
  BACKUP_NOT_CONFIGURED,
  countText,
  formatDuration,
  heartbeatText,
  outboxText,
  READINESS_COLORS,
  READINESS_LABELS,
  readinessRows,
  STATE_COLORS,
  STATE_LABELS,
} from '../../lib/status';
import { IncidentsPanel } from './IncidentsPanel';

const TABS = ['overview', 'incidents'] as const;

function Section({ title, children, badge }: { title: string; children: ReactNode; badge?: ReactNode }) {
  const id = `system-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="md" gap="xs">
        <Title order={2} fz="h4" id={id}>
          {title}
        </Title>
        {badge}
      </Group>
      {children}
    </Card>
  );
}

function Overview({ report }: { report: SystemReport }) {
  const heartbeat = report.worker_heartbeat;
  const redis = { applies: report.redis_configured, unknown: 'Unknown (Redis is unreachable)' };
  const backupConfigured = report.last_backup.status !== 'not_configured';
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        Checked {formatDateTime(report.checked_at)} by the instance that answered · refreshes every{' '}
        {STATUS_REFRESH_MS / 1000} seconds
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section title="This instance">
          <DescriptionList
            items={[
              ['Version', report.version],
              ['Revision', report.revision],
              ['Environment', report.environment],
              [
                'Up for',
                `${formatDuration(report.uptime_seconds)} (since ${formatDateTime(report.instance_started_at)})`,
              ],
            ]}
          />
        </Section>
        <Section
          title="Dependencies"
          badge={
            <Badge variant="light" color={READINESS_COLORS[report.readiness.status]}>
              {READINESS_LABELS[report.readiness.status]}
            </Badge>
          }
        >
          <Stack gap="sm" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {readinessRows(report.readiness).map((row) => (
              <li key={row.name} data-testid={`check-${row.name}`}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text fw={600}>{row.name}</Text>
                  <Badge variant="light" color={row.ok ? 'green' : 'red'} miw="max-content">
                    {row.ok ? 'OK' : 'Failing'}
                  </Badge>
                </Group>
                <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {row.detail}
                </Text>
              </li>
            ))}
          </Stack>
        </Section>
        <Section title="Work and errors">
          <DescriptionList
            items={[
              ['Server errors (5xx, last hour, all instances)', countText(report.server_errors_last_hour, redis)],
              ['Celery queue depth', countText(report.celery_queue_depth, redis)],
              [
                'Worker heartbeat',
                heartbeat.status === 'not_configured' ? (
                  heartbeatText(heartbeat)
                ) : (
                  <Group gap="xs" component="span" wrap="wrap">
                    <StateBadge state={heartbeat.status} />
                    <span>{heartbeatText(heartbeat)}</span>
                  </Group>
                ),
              ],
              ['Outbox backlog', outboxText(report.outbox)],
              ['Active clients', countText(report.active_clients)],
            ]}
          />
        </Section>
        <Section title="Public status">
          <Stack gap="xs">
            {report.components.map((c) => (
              <Group key={c.key} justify="space-between" wrap="nowrap">
                <Text size="sm">{c.name}</Text>
                <Badge variant="light" color={STATE_COLORS[c.status]} miw="max-content">
                  {STATE_LABELS[c.status]}
                </Badge>
              </Group>
            ))}
            <Anchor component={Link} to="/status" size="sm" mt="xs">
              Open the public status page
            </Anchor>
          </Stack>
        </Section>
        <Section title="Backups">
          <DescriptionList
            cols={1}
            items={[
              [
                'Last backup',
                backupConfigured ? (
                  backupText(report.last_backup, formatDateTime)
                ) : (
                  <Text
                    component="span"
                    fw={600}
                    bg="gray.1"
                    px="sm"
                    py={4}
                    display="inline-block"
                    style={{ borderRadius: 'var(--mantine-radius-sm)', border: '1px solid var(--mantine-color-gray-4)' }}
                    data-testid="backup-not-configured"
                  >
                    {BACKUP_NOT_CONFIGURED}
                  </Text>
                ),
              ],
            ]}
          />
          {backupConfigured ? null : (
            <Text size="sm" c="dimmed" mt="sm">
              Each backup run will report its result here once backups are set up.
            </Text>
          )}
        </Section>
      </SimpleGrid>
    </Stack>
  );
}

/** Admins: what runs, how its dependencies are doing, and the incidents on the public status page. */
export default function SystemPage() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'overview';
  const report = useSystemReport();
  return (
    <Stack>
      <PageHeader title="System" />
      <Tabs value={tab} onChange={(v) => setParams({ tab: v ?? 'overview' }, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="incidents">Status page incidents</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Stack>
            {report.error ? (
              <ErrorAlert
                error={report.error}
                title="Could not load the system report"
                onRetry={() => void report.refetch()}
              />
            ) : null}
            {report.data ? (
              <Overview report={report.data} />
            ) : report.isPending ? (
              <PageLoader label="Loading the system report" />
            ) : null}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="incidents">
          <IncidentsPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
