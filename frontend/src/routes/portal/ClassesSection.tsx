import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useBookClass, useCancelBooking, useClasses } from '../../api/hooks/bookings';
import type { ClassOut } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { notify } from '../../lib/notify';
import { useOpenedAt } from '../../lib/useOpenedAt';
import { addDays, formatInZone, formatTimeRange, todayIn, wallClockToUtc } from '../../lib/zoned';

function ClassCard({ item, timeZone }: { item: ClassOut; timeZone: string }) {
  const book = useBookClass();
  const cancel = useCancelBooking();
  const name = item.title || item.service_name;
  const full = item.spots_left <= 0;
  const mine = item.my_booking;
  const live = mine && (mine.status === 'booked' || mine.status === 'waitlisted' || mine.status === 'attended');
  const join = () =>
    book.mutate(
      { appointment_id: item.id },
      {
        onSuccess: (b) =>
          notify({
            color: 'green',
            message: b.status === 'waitlisted' ? `You are #${b.waitlist_position} on the waitlist for ${name}.` : `Booked: ${name}.`,
          }),
      },
    );
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-label={name} style={{ borderLeft: `6px solid ${item.colour}` }}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={3} fz="h5">
            {name}
          </Title>
          {full ? (
            <Badge color="orange" variant="light">
              Full{item.waitlist_count ? ` · ${item.waitlist_count} waiting` : ''}
            </Badge>
          ) : (
            <Badge color="green" variant="light">
              {item.spots_left} place{item.spots_left === 1 ? '' : 's'} left
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {formatInZone(item.starts_at, timeZone).split(',').slice(0, 2).join(',')} · {formatTimeRange(item.starts_at, item.ends_at, timeZone)}
        </Text>
        <Text size="sm" c="dimmed">
          with {item.trainer_name}
        </Text>
        {live ? (
          <Group justify="space-between">
            <Badge color={mine.status === 'waitlisted' ? 'orange' : 'blue'}>
              {mine.status === 'waitlisted' ? `Waitlist position ${mine.waitlist_position}` : 'You are booked'}
            </Badge>
            <Button size="xs" variant="subtle" color="red" loading={cancel.isPending} onClick={() => cancel.mutate(mine.id)} aria-label={`${mine.status === 'waitlisted' ? 'Leave waitlist' : 'Cancel booking'} for ${name}`}>
              {mine.status === 'waitlisted' ? 'Leave waitlist' : 'Cancel'}
            </Button>
          </Group>
        ) : item.status === 'cancelled' ? (
          <Badge color="gray">Cancelled</Badge>
        ) : (
          <Button size="xs" variant={full ? 'light' : 'filled'} color={full ? 'orange' : undefined} loading={book.isPending} onClick={join} aria-label={`${full ? 'Join waitlist' : 'Book'} for ${name}`}>
            {full ? 'Join waitlist' : 'Book'}
          </Button>
        )}
        <ErrorAlert error={book.error ?? cancel.error} />
      </Stack>
    </Card>
  );
}

export function ClassesSection({ timeZone }: { timeZone: string }) {
  // Two weeks from when the page was opened; computed once, so the query key (and the request) stays the same.
  const from = useOpenedAt();
  const to = wallClockToUtc(addDays(todayIn(timeZone, new Date(from)), 15), '00:00', timeZone);
  const classes = useClasses({ from, to });
  const upcoming = (classes.data ?? []).filter((c) => c.status !== 'cancelled' || c.my_booking);
  return (
    <Stack component="section" aria-labelledby="classes-heading">
      <Title order={2} fz="h3" id="classes-heading">
        Group classes
      </Title>
      {classes.isPending ? (
        <PageLoader label="Loading classes" />
      ) : classes.error ? (
        <ErrorAlert error={classes.error} onRetry={() => void classes.refetch()} />
      ) : upcoming.length === 0 ? (
        <EmptyState title="No classes in the next two weeks" />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {upcoming.map((c) => (
            <ClassCard key={c.id} item={c} timeZone={timeZone} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
