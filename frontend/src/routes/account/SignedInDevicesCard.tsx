import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useEndSession, useSignedInSessions } from '../../api/hooks/sessions';
import type { SignedInSession } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Pager } from '../../components/Pager';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime } from '../../lib/format';
import { notify } from '../../lib/notify';
import { useCursorPager } from '../../lib/useCursorPager';

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, 'Edge'],
  [/Firefox\//, 'Firefox'],
  [/Chrome\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone|iPad/, 'iOS'],
  [/Android/, 'Android'],
  [/Mac OS X/, 'macOS'],
  [/Windows/, 'Windows'],
  [/Linux/, 'Linux'],
];

/** "Firefox on Linux" from a user agent; the raw string when neither part is recognised. */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.slice(0, 60);
}

export function SignedInDevicesCard() {
  const pager = useCursorPager('sessions');
  const sessions = useSignedInSessions({ limit: 25, cursor: pager.cursor });
  const end = useEndSession();
  const items = sessions.data?.items ?? [];

  const signOut = (device: SignedInSession) =>
    end.mutate(device.id, {
      onSuccess: () => notify({ color: 'green', message: `${deviceName(device.user_agent)} is signed out` }),
    });

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="devices-heading">
      <Title order={2} fz="h4" id="devices-heading" mb="xs">
        Signed-in devices
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Where you are signed in. Sign out a device you no longer use or have lost; it has to sign in again.
      </Text>
      {sessions.error ? (
        <ErrorAlert error={sessions.error} title="Could not load your devices" onRetry={() => void sessions.refetch()} />
      ) : sessions.isPending ? (
        <TableSkeleton rows={2} label="Loading your devices" />
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((device) => (
            <Group key={device.id} component="li" justify="space-between" wrap="nowrap" gap="sm">
              <div style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    {deviceName(device.user_agent)}
                  </Text>
                  {device.current ? (
                    <Badge variant="light" color="green">
                      This device
                    </Badge>
                  ) : null}
                </Group>
                <Text size="xs" c="dimmed">
                  Last used {formatDateTime(device.last_seen_at)}
                  {device.ip ? ` from ${device.ip}` : ''} · signed in {formatDateTime(device.created_at)}
                </Text>
              </div>
              {device.current ? null : (
                <Button
                  size="compact-sm"
                  variant="outline"
                  color="red"
                  style={{ flexShrink: 0 }}
                  loading={end.isPending && end.variables === device.id}
                  onClick={() => signOut(device)}
                  aria-label={`Sign out ${deviceName(device.user_agent)}, last used ${formatDateTime(device.last_seen_at)}`}
                >
                  Sign out
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        nextCursor={sessions.data?.next_cursor}
        onNext={pager.next}
        onPrevious={pager.previous}
        loading={sessions.isFetching}
        label="Device pages"
      />
    </Card>
  );
}
