import { Anchor, Box, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router';
import { STATUS_REFRESH_MS, usePublicStatus } from '../../api/hooks/status';
import type { ComponentStatus, PublicIncident } from '../../api/types';
import { IncidentCard } from '../../components/IncidentCard';
import { PageLoader } from '../../components/PageLoader';
import { StateBadge } from '../../components/StateBadge';
import { formatDateTime } from '../../lib/format';
import { splitIncidents, STATE_COLORS, statusView } from '../../lib/status';

const REFRESH_SECONDS = STATUS_REFRESH_MS / 1000;

export function ComponentList({ components }: { components: ComponentStatus[] }) {
  return (
    <Paper withBorder radius="md" component="section" aria-labelledby="components-heading">
      <Title order={2} fz="h4" px="md" pt="md" pb="xs" id="components-heading">
        Components
      </Title>
      <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
        {components.map((c) => (
          <Group
            key={c.key}
            component="li"
            justify="space-between"
            wrap="nowrap"
            gap="sm"
            px="md"
            py="sm"
            style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}
            data-testid={`component-${c.key}`}
          >
            <div>
              <Text fw={600}>{c.name}</Text>
              <Text size="sm" c="dimmed">
                {c.description}
              </Text>
            </div>
            <StateBadge state={c.status} />
          </Group>
        ))}
      </Box>
    </Paper>
  );
}

function Incidents({ incidents, available }: { incidents: PublicIncident[]; available: boolean }) {
  if (!available) {
    return (
      <Text c="dimmed" component="p" m={0}>
        The incident history cannot be read right now.
      </Text>
    );
  }
  if (incidents.length === 0) {
    return (
      <Paper withBorder radius="md" p="lg">
        <Text ta="center" c="dimmed">
          No incidents in the last 14 days
        </Text>
      </Paper>
    );
  }
  const { current, past } = splitIncidents(incidents);
  return (
    <Stack gap="lg">
      {current.length > 0 ? (
        <Stack gap="sm" component="section" aria-labelledby="current-heading">
          <Title order={2} fz="h4" id="current-heading">
            Current incidents
          </Title>
          {current.map((i) => (
            <IncidentCard key={i.id} incident={i} />
          ))}
        </Stack>
      ) : null}
      <Stack gap="sm" component="section" aria-labelledby="past-heading">
        <Title order={2} fz="h4" id="past-heading">
          Past incidents (last 14 days)
        </Title>
        {past.length === 0 ? (
          <Text c="dimmed">No resolved incidents in the last 14 days.</Text>
        ) : (
          past.map((i) => <IncidentCard key={i.id} incident={i} />)
        )}
      </Stack>
    </Stack>
  );
}

/** The public status page: no sign-in; refreshes itself every 30 seconds. */
export default function StatusPage() {
  useDocumentTitle('Service status · FitnessCRM');
  const status = usePublicStatus();
  const view = statusView(status.data, status.error, {
    refreshSeconds: REFRESH_SECONDS,
    formatWhen: formatDateTime,
  });
  const color = view?.state ? STATE_COLORS[view.state] : 'gray';

  return (
    <Box component="main" id="main" mih="100vh" bg="gray.0" py={{ base: 'md', sm: 'xl' }} px="md">
      <Container size={760} px={0}>
        <Stack gap="lg">
          <Group justify="space-between">
            <Text fw={700} c="blue.9" fz="lg">
              FitnessCRM
            </Text>
            <Anchor component={Link} to="/login" size="sm">
              Sign in
            </Anchor>
          </Group>
          <Title order={1} fz={{ base: 'h2', sm: 'h1' }}>
            Service status
          </Title>
          {view === null ? (
            <PageLoader label="Loading the service status" />
          ) : (
            <>
              <Paper
                radius="md"
                p="lg"
                bg={`${color}.0`}
                style={{ border: `2px solid var(--mantine-color-${color}-7)` }}
                data-testid="overall-status"
              >
                <div role="status" aria-live="polite">
                  <Text fw={700} fz="xl" style={{ color: `color-mix(in srgb, var(--mantine-color-${color}-9) 70%, black)` }}>
                    {view.headline}
                  </Text>
                </div>
                <Text size="sm" c="dimmed" mt={4}>
                  {view.note}
                </Text>
              </Paper>
              {view.components.length > 0 ? <ComponentList components={view.components} /> : null}
              {/* a later failed poll keeps the last known history; a failed first load has none to show */}
              <Incidents
                incidents={status.data?.incidents ?? []}
                available={status.data?.incidents_available ?? false}
              />
            </>
          )}
        </Stack>
      </Container>
    </Box>
  );
}
