import { Button, Card, Stack, Text, Timeline, Title } from '@mantine/core';
import { useClientActivity } from '../../api/hooks/bookings';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../lib/format';

/** What each domain event means to the person reading a client's timeline. */
export const ACTIVITY_LABELS: Record<string, string> = {
  'booking.booked': 'Booked',
  'booking.waitlisted': 'Joined the waitlist',
  'booking.waitlist_promoted': 'Moved from the waitlist into a place',
  'booking.rescheduled': 'Rescheduled',
  'booking.cancelled': 'Cancelled',
  'booking.late_cancelled': 'Late cancellation',
  'booking.attended': 'Attended',
  'booking.no_show': 'No-show',
  'booking.attendance_cleared': 'Attendance mark taken back',
  'booking.voided': 'Voided (booked by mistake)',
  'booking.reminder_due': 'Reminder due',
};

export function activityLabel(kind: string): string {
  return ACTIVITY_LABELS[kind] ?? kind;
}

/** The client's activity timeline: every booking change, newest first. */
export function ActivityCard({ clientId }: { clientId: string }) {
  const activity = useClientActivity(clientId);
  const items = activity.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="activity-heading">
      <Title order={2} fz="h4" mb="md" id="activity-heading">
        Activity
      </Title>
      {activity.error ? <ErrorAlert error={activity.error} onRetry={() => void activity.refetch()} /> : null}
      {activity.isPending ? (
        <Text c="dimmed">Loading…</Text>
      ) : items.length === 0 ? (
        <Text c="dimmed">No bookings yet. Sessions and classes booked for this client will show here.</Text>
      ) : (
        <Stack gap="sm">
          <Timeline bulletSize={12} lineWidth={2}>
            {items.map((event) => {
              const title = typeof event.payload.title === 'string' ? event.payload.title : 'Session';
              const startsAt = typeof event.payload.starts_at === 'string' ? event.payload.starts_at : null;
              const reason = typeof event.payload.reason === 'string' ? event.payload.reason : null;
              return (
                <Timeline.Item key={event.id} title={activityLabel(event.kind)}>
                  <Text size="sm">
                    {title}
                    {startsAt ? ` · ${formatDateTime(startsAt)}` : ''}
                  </Text>
                  {reason ? (
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      Reason: {reason}
                    </Text>
                  ) : null}
                  <Text size="xs" c="dimmed">
                    {formatDateTime(event.occurred_at)}
                  </Text>
                </Timeline.Item>
              );
            })}
          </Timeline>
          {activity.hasNextPage ? (
            <Button variant="light" onClick={() => void activity.fetchNextPage()} loading={activity.isFetchingNextPage}>
              Show older activity
            </Button>
          ) : null}
        </Stack>
      )}
    </Card>
  );
}
