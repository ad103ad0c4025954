import { Select, SimpleGrid, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { clientSource, trainerSource } from '../../api/hooks/pickers';
import { useLocations, useServices } from '../../api/hooks/setup';
import type { Role, ServiceKind } from '../../api/types';
import { SearchSelect } from '../../components/SearchSelect';

/** The fields every new appointment has; forms extend it. */
export interface WhereWhenValues {
  service_id: string;
  trainer_id: string;
  location_id: string;
  room_id: string;
}

export function useServiceOptions(kind?: ServiceKind) {
  const query = useServices();
  const services = (query.data ?? []).filter((s) => !kind || s.kind === kind);
  return { ...query, services, options: services.map((s) => ({ value: s.id, label: `${s.name} (${s.duration_minutes} min)` })) };
}

/** Service, trainer (admins choose; a trainer books for themself), location and room. */
export function WhereWhoFields<V extends WhereWhenValues>({
  form,
  role,
  kind,
}: {
  form: UseFormReturnType<V>;
  role: Role;
  kind?: ServiceKind;
}) {
  const services = useServiceOptions(kind);
  const locations = useLocations();
  const location = (locations.data ?? []).find((l) => l.id === form.values.location_id);
  const rooms = (location?.rooms ?? []).filter((r) => !r.archived_at);
  const f = form as unknown as UseFormReturnType<WhereWhenValues>;
  return (
    <>
      <Select
        label="Service"
        required
        data={services.options}
        nothingFoundMessage="No services yet: an admin adds them under Setup"
        {...f.getInputProps('service_id')}
        key={f.key('service_id')}
      />
      {role === 'admin' ? (
        <SearchSelect
          label="Trainer"
          required
          source={trainerSource()}
          {...formPickerProps(f.getInputProps('trainer_id'))}
          key={f.key('trainer_id')}
          noItemsMessage="No active trainers"
        />
      ) : null}
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Select
          label="Location"
          clearable
          data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
          {...f.getInputProps('location_id')}
          onChange={(value) => {
            f.setFieldValue('location_id', value ?? '');
            f.setFieldValue('room_id', '');
          }}
          key={f.key('location_id')}
        />
        <Select
          label="Room"
          clearable
          disabled={rooms.length === 0}
          data={rooms.map((r) => ({ value: r.id, label: r.capacity ? `${r.name} (${r.capacity})` : r.name }))}
          {...f.getInputProps('room_id')}
          key={f.key('room_id')}
        />
      </SimpleGrid>
    </>
  );
}

/**
 * Clients the trainer may book, searched on the server (a trainer sees only their own clients; admins see the
 * chosen trainer's).
 */
export function ClientSelect({
  trainerId,
  role,
  inputProps,
}: {
  trainerId: string;
  role: Role;
  inputProps: Record<string, unknown>;
}) {
  return (
    <SearchSelect
      label="Client"
      placeholder="Search by name, e-mail or phone"
      required
      {...formPickerProps(inputProps)}
      source={clientSource({ trainer_id: role === 'admin' && trainerId ? trainerId : undefined })}
      noItemsMessage="No clients assigned to this trainer"
    />
  );
}

/** A form field that holds '' when empty, as a SearchSelect's value and onChange. */
function formPickerProps({ value, onChange, ...rest }: { value?: unknown; onChange?: unknown }) {
  return {
    ...rest,
    value: typeof value === 'string' && value ? value : null,
    onChange: (next: string | null) => (onChange as (value: string) => void)(next ?? ''),
  };
}

export function DateTimeFields<V extends { date: string; time: string }>({
  form,
  dateLabel = 'Date',
  timeLabel = 'Start time',
}: {
  form: UseFormReturnType<V>;
  dateLabel?: string;
  timeLabel?: string;
}) {
  const f = form as unknown as UseFormReturnType<{ date: string; time: string }>;
  return (
    <SimpleGrid cols={2}>
      <TextInput type="date" label={dateLabel} required {...f.getInputProps('date')} key={f.key('date')} />
      <TextInput type="time" label={timeLabel} required step={300} {...f.getInputProps('time')} key={f.key('time')} />
    </SimpleGrid>
  );
}

export const orNull = (value: string) => (value ? value : null);
