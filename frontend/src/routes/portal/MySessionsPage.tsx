import { Alert, Anchor, Badge, Button, Card, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { bookingIcsUrl, useBookings, useCancelBooking } from '../../api/hooks/bookings';
import { useBusiness } from '../../api/hooks/business';
import { useBookingRules } from '../../api/hooks/setup';
import type { Booking, BookingRules } from '../../api/types';
import { CalendarFeedCard } from '../../components/CalendarFeedCard';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { lateCancellationWarning } from '../../lib/cancellation';
import { notify } from '../../lib/notify';
import { BOOKING_STATUS_COLORS, BOOKING_STATUS_LABELS } from '../../lib/scheduling';
import { useCursorPager } from '../../lib/useCursorPager';
import { formatInZone, formatTimeRange, safeZone } from '../../lib/zoned';

function BookingCard({ booking, timeZone, onCancel }: { booking: Booking; timeZone: string; onCancel?: () => void }) {
  const name = booking.title || booking.service_name;
  // A booking still "booked" in an appointment the studio cancelled reads as cancelled.
  const shownStatus = booking.appointment_status === 'cancelled' && booking.status === 'booked' ? 'cancelled' : booking.status;
  const cancelled =
    booking.appointment_status === 'cancelled' || ['cancelled', 'late_cancelled', 'voided'].includes(booking.status);
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-label={`${name}, ${formatInZone(booking.starts_at, timeZone)}`} style={{ borderLeft: `6px solid ${booking.colour}` }}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Stack gap={2}>
          <Text fw={600} td={cancelled ? 'line-through' : undefined}>
            {name}
          </Text>
          <Text size="sm">
            {formatInZone(booking.starts_at, timeZone).split(',').slice(0, 2).join(',')} · {formatTimeRange(booking.starts_at, booking.ends_at, timeZone)}
          </Text>
          <Text size="sm" c="dimmed">
            with {booking.trainer_name}
          </Text>
          {booking.status === 'voided' && booking.void_reason ? (
            <Text size="sm" c="dimmed">
              Voided by the studio: {booking.void_reason}
            </Text>
          ) : null}
        </Stack>
        <Stack gap={6} align="flex-end">
          <Group gap={4}>
            <Badge variant="light" color={BOOKING_STATUS_COLORS[shownStatus]}>
              {shownStatus === 'waitlisted' && booking.waitlist_position
                ? `Waitlist #${booking.waitlist_position}`
                : BOOKING_STATUS_LABELS[shownStatus]}
            </Badge>
          </Group>
          <Group gap="xs">
            {!cancelled && (booking.status === 'booked' || booking.status === 'attended') ? (
              <Anchor href={bookingIcsUrl(booking.id)} download size="sm" aria-label={`Add ${name} to my calendar (.ics)`}>
                Add to calendar (.ics)
              </Anchor>
            ) : null}
            {onCancel ? (
              <Button size="xs" variant="light" color="red" onClick={onCancel} aria-label={`Cancel ${name} on ${formatInZone(booking.starts_at, timeZone)}`}>
                Cancel
              </Button>
            ) : null}
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}

type Tab = 'upcoming' | 'past' | 'cancelled';

// Filtered by the server, so each tab pages through only its own bookings.
const TAB_FILTERS: Record<Tab, { when?: 'upcoming' | 'past'; cancelled: boolean }> = {
  upcoming: { when: 'upcoming', cancelled: false },
  past: { when: 'past', cancelled: false },
  cancelled: { cancelled: true },
};

const EMPTY_TABS: Record<Tab, { title: string; text?: string }> = {
  upcoming: { title: 'Nothing booked', text: 'Your upcoming sessions and classes appear here.' },
  past: { title: 'No past sessions yet' },
  cancelled: { title: 'No cancelled sessions', text: 'Sessions you or the studio cancel or void appear here.' },
};

function BookingsList({ tab, rules, timeZone }: { tab: Tab; rules: BookingRules | undefined; timeZone: string }) {
  const pager = useCursorPager(tab);
  const bookings = useBookings({ ...TAB_FILTERS[tab], cursor: pager.cursor });
  const cancel = useCancelBooking();
  const [cancelling, setCancelling] = useState<Booking | null>(null);
  const warning = cancelling && rules && cancelling.status === 'booked' ? lateCancellationWarning(cancelling.starts_at, rules) : null;

  if (bookings.isPending) return <PageLoader label="Loading your sessions" />;
  if (bookings.error) return <ErrorAlert error={bookings.error} onRetry={() => void bookings.refetch()} />;
  const items = bookings.data.items;
  if (items.length === 0) {
    const empty = EMPTY_TABS[tab];
    return (
      <EmptyState
        title={empty.title}
        action={tab === 'upcoming' ? <Button component={Link} to="/book">Book a session</Button> : undefined}
      >
        {empty.text}
      </EmptyState>
    );
  }
  const cancellable = (b: Booking) =>
    tab === 'upcoming' && b.appointment_status !== 'cancelled' && (b.status === 'booked' || b.status === 'waitlisted');
  // Upcoming pages run forward in time; past and cancelled ones backwards.
  const [previousLabel, nextLabel] = tab === 'upcoming' ? ['Earlier', 'Later'] : ['Newer', 'Older'];

  return (
    <Stack>
      <ErrorAlert error={cancel.error} title="Could not cancel" />
      {items.map((b) => (
        <BookingCard key={b.id} booking={b} timeZone={timeZone} onCancel={cancellable(b) ? () => setCancelling(b) : undefined} />
      ))}
      {pager.hasPrevious || bookings.data.next_cursor ? (
        <Group justify="space-between">
          <Button variant="default" size="xs" disabled={!pager.hasPrevious} onClick={pager.previous}>
            {previousLabel}
          </Button>
          <Button variant="default" size="xs" disabled={!bookings.data.next_cursor} onClick={() => pager.next(bookings.data.next_cursor)}>
            {nextLabel}
          </Button>
        </Group>
      ) : null}
      <ConfirmDialog
        opened={cancelling !== null}
        title={cancelling?.status === 'waitlisted' ? 'Leave the waitlist?' : 'Cancel this booking?'}
        confirmLabel={warning ? 'Cancel anyway' : 'Cancel booking'}
        dismissLabel="Keep booking"
        loading={cancel.isPending}
        onClose={() => setCancelling(null)}
        onConfirm={() =>
          cancel.mutate(cancelling!.id, {
            onSuccess: (b) => {
              notify({ color: b.status === 'late_cancelled' ? 'orange' : 'green', message: b.status === 'late_cancelled' ? 'Cancelled (late cancellation).' : 'Cancelled.' });
              setCancelling(null);
            },
            onError: () => setCancelling(null),
          })
        }
      >
        {cancelling ? `${cancelling.title || cancelling.service_name}, ${formatInZone(cancelling.starts_at, timeZone)}.` : ''}
        {warning ? (
          <Alert color="orange" mt="sm" title="Late cancellation" role="alert">
            {warning}
          </Alert>
        ) : null}
      </ConfirmDialog>
    </Stack>
  );
}

export default function MySessionsPage() {
  const rules = useBookingRules();
  const business = useBusiness();
  const timeZone = safeZone(business.data?.timezone);
  const [tab, setTab] = useState<Tab>('upcoming');
  return (
    <Stack>
      <PageHeader title="My sessions" actions={<Button component={Link} to="/book">Book</Button>} />
      <SegmentedControl
        aria-label="Which sessions"
        value={tab}
        onChange={(v) => setTab(v as Tab)}
        data={[
          { value: 'upcoming', label: 'Upcoming' },
          { value: 'past', label: 'Past' },
          { value: 'cancelled', label: 'Cancelled' },
        ]}
        maw={420}
      />
      <BookingsList key={tab} tab={tab} rules={rules.data} timeZone={timeZone} />
      <CalendarFeedCard />
    </Stack>
  );
}
