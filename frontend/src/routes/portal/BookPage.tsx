import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Stepper, Text, Title, UnstyledButton } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useSlots } from '../../api/hooks/availability';
import { useBookSession } from '../../api/hooks/bookings';
import { useClient } from '../../api/hooks/clients';
import { useBusiness } from '../../api/hooks/business';
import { useServices } from '../../api/hooks/setup';
import type { Service, Slot } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { addDays, formatDay, formatInZone, formatShortDay, safeZone, todayIn, utcToWallClock, wallClockToUtc } from '../../lib/zoned';
import { ClassesSection } from './ClassesSection';

const ANY = 'any';

function Choice({ selected, onClick, children, label }: { selected: boolean; onClick: () => void; children: React.ReactNode; label: string }) {
  return (
    <UnstyledButton onClick={onClick} aria-pressed={selected} aria-label={label} className="choice-card" data-selected={selected || undefined}>
      {children}
    </UnstyledButton>
  );
}

function SlotPicker({ service, trainerId, timeZone, value, onChange }: { service: Service; trainerId: string; timeZone: string; value: Slot | null; onChange: (slot: Slot) => void }) {
  const [weekStart, setWeekStart] = useState(() => todayIn(timeZone));
  const [day, setDay] = useState<string | null>(null);
  const params = {
    service_id: service.id,
    from: wallClockToUtc(weekStart, '00:00', timeZone),
    to: wallClockToUtc(addDays(weekStart, 7), '00:00', timeZone),
    ...(trainerId !== ANY ? { trainer_id: trainerId } : {}),
  };
  const slots = useSlots(params);
  const byDay = useMemo(() => {
    const days = new Map<string, Slot[]>();
    for (const slot of slots.data?.items ?? []) {
      const { date } = utcToWallClock(slot.starts_at, timeZone);
      days.set(date, [...(days.get(date) ?? []), slot]);
    }
    return days;
  }, [slots.data, timeZone]);
  const shownDay = day && byDay.has(day) ? day : ([...byDay.keys()][0] ?? null);
  const canGoBack = weekStart > todayIn(timeZone);
  const moveWeek = (days: number) => {
    setWeekStart(addDays(weekStart, days));
    setDay(null);
  };

  return (
    <Stack>
      <Group justify="space-between" wrap="nowrap">
        <Button variant="default" size="xs" disabled={!canGoBack} onClick={() => moveWeek(-7)} aria-label="Previous week">
          ‹ Prev
        </Button>
        <Text size="sm" fw={500} aria-live="polite" ta="center">
          {formatShortDay(weekStart)} – {formatShortDay(addDays(weekStart, 6))}
        </Text>
        <Button variant="default" size="xs" onClick={() => moveWeek(7)} aria-label="Next week">
          Next ›
        </Button>
      </Group>
      {slots.isPending ? (
        <PageLoader label="Loading free times" />
      ) : slots.error ? (
        <ErrorAlert error={slots.error} onRetry={() => void slots.refetch()} />
      ) : byDay.size === 0 ? (
        <EmptyState title="No free times this week">Try the next week, or another trainer.</EmptyState>
      ) : (
        <>
          <Group gap={6} role="group" aria-label="Day">
            {[...byDay.entries()].map(([date, daySlots]) => (
              <Button
                key={date}
                size="xs"
                variant={date === shownDay ? 'filled' : 'default'}
                aria-pressed={date === shownDay}
                onClick={() => setDay(date)}
                aria-label={`${formatDay(date)}, ${daySlots.length} free`}
              >
                {formatShortDay(date)}
              </Button>
            ))}
          </Group>
          {shownDay ? (
            <Stack gap={6} component="section" aria-label={`Free times on ${formatDay(shownDay)}`}>
              <Title order={3} fz="h5">
                {formatDay(shownDay)}
              </Title>
              <SimpleGrid cols={{ base: 3, xs: 4, sm: 6 }} spacing={6}>
                {byDay.get(shownDay)!.map((slot) => {
                  const time = utcToWallClock(slot.starts_at, timeZone).time;
                  const selected = value?.starts_at === slot.starts_at && value.trainer_id === slot.trainer_id;
                  return (
                    <Button
                      key={`${slot.trainer_id}-${slot.starts_at}`}
                      size="xs"
                      px={4}
                      variant={selected ? 'filled' : 'light'}
                      aria-pressed={selected}
                      aria-label={`${time} with ${slot.trainer_name}`}
                      onClick={() => onChange(slot)}
                    >
                      {time}
                      {trainerId === ANY ? ` · ${slot.trainer_name.split(' ')[0]}` : ''}
                    </Button>
                  );
                })}
              </SimpleGrid>
            </Stack>
          ) : null}
        </>
      )}
    </Stack>
  );
}

function BookingFlow({ clientId, timeZone }: { clientId: string; timeZone: string }) {
  const services = useServices();
  const client = useClient(clientId);
  const book = useBookSession();
  const [step, setStep] = useState(0);
  const [service, setService] = useState<Service | null>(null);
  const [trainerId, setTrainerId] = useState<string>(ANY);
  const [slot, setSlot] = useState<Slot | null>(null);

  const bookable = (services.data ?? []).filter((s) => s.kind === 'one_to_one' && s.client_bookable && !s.archived_at);
  const trainers = client.data?.data.trainers ?? [];

  if (services.isPending || client.isPending) return <PageLoader label="Loading services" />;
  if (services.error || client.error) return <ErrorAlert error={services.error ?? client.error} />;
  if (bookable.length === 0) return <EmptyState title="Nothing to book online yet">Ask your studio how to book a session.</EmptyState>;
  if (trainers.length === 0) return <EmptyState title="No trainer assigned yet">Once your studio assigns you a trainer, you can book sessions here.</EmptyState>;

  if (book.isSuccess && slot) {
    return (
      <Alert color="green" title="Booked!" role="status">
        <Text size="sm">
          {service?.name} with {slot.trainer_name} on {formatInZone(slot.starts_at, timeZone)}.
        </Text>
        <Group mt="sm">
          <Button component={Link} to="/my-sessions" size="xs">
            See my sessions
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              book.reset();
              setSlot(null);
              setStep(0);
            }}
          >
            Book another
          </Button>
        </Group>
      </Alert>
    );
  }

  const confirm = () =>
    book.mutate({ service_id: service!.id, trainer_id: slot!.trainer_id, client_id: clientId, starts_at: slot!.starts_at, location_id: slot!.location_id });

  return (
    <Stepper active={step} onStepClick={(n) => n < step && setStep(n)} size="sm" allowNextStepsSelect={false}>
      <Stepper.Step label="Service" description={service?.name}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
          {bookable.map((s) => (
            <Choice key={s.id} label={`${s.name}, ${s.duration_minutes} minutes`} selected={service?.id === s.id} onClick={() => { setService(s); setSlot(null); setStep(1); }}>
              <Group gap="xs" wrap="nowrap">
                <span aria-hidden style={{ width: 10, height: 10, borderRadius: 5, background: s.colour, flex: 'none' }} />
                <Text fw={600}>{s.name}</Text>
              </Group>
              <Text size="sm" c="dimmed">
                {s.duration_minutes} minutes{s.description ? ` · ${s.description}` : ''}
              </Text>
            </Choice>
          ))}
        </SimpleGrid>
      </Stepper.Step>
      <Stepper.Step label="Trainer" description={trainerId === ANY ? (step > 1 ? 'Any' : undefined) : trainers.find((t) => t.trainer_id === trainerId)?.full_name}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
          {trainers.length > 1 ? (
            <Choice label="Any of my trainers" selected={trainerId === ANY} onClick={() => { setTrainerId(ANY); setSlot(null); setStep(2); }}>
              <Text fw={600}>Any of my trainers</Text>
              <Text size="sm" c="dimmed">
                See everyone’s free times
              </Text>
            </Choice>
          ) : null}
          {trainers.map((t) => (
            <Choice key={t.trainer_id} label={t.full_name} selected={trainerId === t.trainer_id} onClick={() => { setTrainerId(t.trainer_id); setSlot(null); setStep(2); }}>
              <Text fw={600}>{t.full_name}</Text>
              {t.is_primary ? <Badge size="xs" variant="light">Your main trainer</Badge> : null}
            </Choice>
          ))}
        </SimpleGrid>
      </Stepper.Step>
      <Stepper.Step label="Time" description={slot ? formatInZone(slot.starts_at, timeZone) : undefined}>
        {service ? (
          <Stack mt="md">
            <SlotPicker service={service} trainerId={trainerId} timeZone={timeZone} value={slot} onChange={setSlot} />
            <Group justify="flex-end">
              <Button disabled={!slot} onClick={() => setStep(3)}>
                Continue
              </Button>
            </Group>
          </Stack>
        ) : null}
      </Stepper.Step>
      <Stepper.Step label="Confirm">
        {service && slot ? (
          <Card withBorder mt="md" radius="md" padding="lg">
            <Stack>
              <Title order={3} fz="h4">
                Confirm your booking
              </Title>
              <Text>
                <strong>{service.name}</strong> with <strong>{slot.trainer_name}</strong>
              </Text>
              <Text>
                {formatInZone(slot.starts_at, timeZone)} ({service.duration_minutes} minutes)
              </Text>
              <ErrorAlert error={book.error} title="Could not book this time" />
              <Group>
                <Button variant="default" onClick={() => { book.reset(); setStep(2); }}>
                  Pick another time
                </Button>
                <Button onClick={confirm} loading={book.isPending}>
                  Confirm booking
                </Button>
              </Group>
            </Stack>
          </Card>
        ) : null}
      </Stepper.Step>
    </Stepper>
  );
}

export default function BookPage() {
  const me = useMe();
  const business = useBusiness();
  const timeZone = safeZone(business.data?.timezone);
  const clientId = me.user.client_id;
  if (!clientId) {
    return (
      <Stack>
        <PageHeader title="Book" />
        <Alert color="orange" title="No client profile linked">
          Your account is not linked to a client profile yet. Please contact your studio.
        </Alert>
      </Stack>
    );
  }
  if (business.isPending) return <PageLoader />;
  return (
    <Stack gap="xl">
      <PageHeader title="Book">
        <Text size="sm" c="dimmed">
          Times are shown in {timeZone}.
        </Text>
      </PageHeader>
      <Stack component="section" aria-labelledby="book-session-heading">
        <Title order={2} fz="h3" id="book-session-heading">
          Book a session
        </Title>
        <BookingFlow clientId={clientId} timeZone={timeZone} />
      </Stack>
      <ClassesSection timeZone={timeZone} />
    </Stack>
  );
}
