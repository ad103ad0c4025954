import { Badge, Button, Card, Group, NumberInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useAddRoom, useArchiveLocation, useArchiveRoom, useCreateLocation, useLocations } from '../../api/hooks/setup';
import type { Location } from '../../api/types';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { useServerForm } from '../../lib/useServerForm';
import { MAX_LENGTH } from '../../api/limits';

function AddRoomForm({ location }: { location: Location }) {
  const add = useAddRoom();
  const form = useForm({
    initialValues: { name: '', capacity: '' as number | '' },
    validate: { name: (v) => (v.trim() ? null : 'Name the room') },
  });
  const server = useServerForm(form, ['name', 'capacity']);
  const submit = form.onSubmit((v) =>
    void server
      .run(() => add.mutateAsync({ locationId: location.id, body: { name: v.name.trim(), capacity: v.capacity === '' ? null : v.capacity } }))
      .then((ok) => ok && form.reset()),
  );
  return (
    <form onSubmit={submit} noValidate aria-label={`Add a room to ${location.name}`}>
      <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
      <Group align="flex-end" gap="xs">
        <TextInput label="New room" placeholder="Studio 1" {...form.getInputProps('name')} maxLength={MAX_LENGTH.RoomIn.name} />
        <NumberInput label="Capacity" w={110} min={1} max={1000} allowDecimal={false} {...form.getInputProps('capacity')} />
        <Button type="submit" variant="light" loading={add.isPending}>
          Add room
        </Button>
      </Group>
    </form>
  );
}

function LocationCard({ location }: { location: Location }) {
  const archive = useArchiveLocation();
  const archiveRoom = useArchiveRoom();
  const archived = Boolean(location.archived_at);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label={location.name}>
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={2} fz="h4">
            {location.name} {archived ? <Badge color="gray">Archived</Badge> : null}
          </Title>
          {location.address ? (
            <Text size="sm" c="dimmed">
              {location.address}
            </Text>
          ) : null}
        </div>
        <Button size="xs" variant="subtle" color={archived ? 'blue' : 'red'} loading={archive.isPending} onClick={() => archive.mutate({ id: location.id, archive: !archived })} aria-label={`${archived ? 'Restore' : 'Archive'} location ${location.name}`}>
          {archived ? 'Restore' : 'Archive'} location
        </Button>
      </Group>
      <Stack gap={4} mb="sm">
        {location.rooms.length === 0 ? (
          <Text size="sm">No rooms.</Text>
        ) : (
          location.rooms.map((r) => (
            <Group key={r.id} justify="space-between">
              <Text size="sm" td={r.archived_at ? 'line-through' : undefined}>
                {r.name}
                {r.capacity ? ` · ${r.capacity} people` : ''}
              </Text>
              <Button size="compact-xs" variant="subtle" onClick={() => archiveRoom.mutate({ id: r.id, archive: !r.archived_at })} aria-label={`${r.archived_at ? 'Restore' : 'Archive'} room ${r.name}`}>
                {r.archived_at ? 'Restore' : 'Archive'}
              </Button>
            </Group>
          ))
        )}
      </Stack>
      {!archived ? <AddRoomForm location={location} /> : null}
    </Card>
  );
}

function NewLocationForm() {
  const create = useCreateLocation();
  const form = useForm({
    initialValues: { name: '', address: '' },
    validate: { name: (v) => (v.trim() ? null : 'Name the location') },
  });
  const server = useServerForm(form, ['name', 'address']);
  const submit = form.onSubmit((v) =>
    void server.run(() => create.mutateAsync({ name: v.name.trim(), address: v.address.trim() || null })).then((ok) => ok && form.reset()),
  );
  return (
    <Card withBorder radius="md" padding="lg">
      <form onSubmit={submit} noValidate aria-label="New location">
        <Stack gap="sm">
          <Title order={2} fz="h4">
            New location
          </Title>
          <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
          <Group align="flex-end" grow>
            <TextInput label="Name" required {...form.getInputProps('name')} maxLength={MAX_LENGTH.LocationIn.name} />
            <TextInput label="Address" {...form.getInputProps('address')} maxLength={MAX_LENGTH.LocationIn.address} />
          </Group>
          <Group>
            <Button type="submit" loading={create.isPending}>
              Add location
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function LocationsPanel() {
  const [showArchived, setShowArchived] = useState(false);
  const locations = useLocations(showArchived);
  return (
    <Stack>
      <NewLocationForm />
      <Switch label="Show archived" checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} />
      {locations.isPending ? (
        <PageLoader label="Loading locations" />
      ) : locations.error ? (
        <ErrorAlert error={locations.error} onRetry={() => void locations.refetch()} />
      ) : locations.data.length === 0 ? (
        <EmptyState title="No locations yet">Add the places where sessions and classes happen.</EmptyState>
      ) : (
        locations.data.map((l) => <LocationCard key={l.id} location={l} />)
      )}
    </Stack>
  );
}
