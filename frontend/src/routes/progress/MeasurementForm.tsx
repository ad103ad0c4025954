import { Button, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useAddMeasurement } from '../../api/hooks/progress';
import type { Metric } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { notify } from '../../lib/notify';
import { localToday } from '../../lib/plan';
import { focusFirstError, useServerForm } from '../../lib/useServerForm';

// The form's fields are named as the API names them, so a 422 lands on the right one.
const FIELDS = ['metric_id', 'value', 'unit', 'measured_at'] as const;

interface MeasurementValues {
  metric_id: string | null;
  value: number | '';
  unit: string | null;
  /** A calendar day (YYYY-MM-DD), today by default. */
  measured_at: string;
}

/** Records a measurement in the unit the person picks (defaulting to their unit system's). */
export function MeasurementForm({ clientId, metrics, defaultUnit }: { clientId: string; metrics: Metric[]; defaultUnit: (m: Metric) => string }) {
  const add = useAddMeasurement(clientId);
  const firstMetric = metrics.find((m) => m.key === 'body_weight') ?? metrics[0];
  const form = useForm<MeasurementValues>({
    initialValues: {
      metric_id: firstMetric?.id ?? null,
      value: '',
      unit: firstMetric ? defaultUnit(firstMetric) : null,
      measured_at: localToday(),
    },
    validate: {
      metric_id: (v) => (v ? null : 'Choose a measurement.'),
      value: (v) => (v === '' ? 'Enter a value.' : null),
    },
  });
  const server = useServerForm(form, FIELDS);
  const metric = metrics.find((m) => m.id === form.values.metric_id);

  const submit = form.onSubmit(
    (v) => {
      // A past date is recorded at local noon, so it stays on that day in any time zone nearby.
      const measuredAt = v.measured_at === localToday() ? null : new Date(`${v.measured_at}T12:00:00`).toISOString();
      void server
        .run(() => add.mutateAsync({ metric_id: v.metric_id, value: Number(v.value), unit: v.unit, measured_at: measuredAt }))
        .then((ok) => {
          if (!ok) return;
          notify({ color: 'green', message: `${metric?.name ?? 'Measurement'} recorded` });
          form.setFieldValue('value', '');
        });
    },
    (errors) => focusFirstError(errors),
  );

  return (
    <form onSubmit={submit} noValidate aria-label="Record a measurement">
      <Stack gap="xs">
        <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
        <Select
          label="Measurement"
          data={metrics.map((m) => ({ value: m.id, label: m.name }))}
          searchable
          allowDeselect={false}
          {...form.getInputProps('metric_id')}
          onChange={(id) => {
            form.setFieldValue('metric_id', id);
            const m = metrics.find((x) => x.id === id);
            form.setFieldValue('unit', m ? defaultUnit(m) : null);
          }}
        />
        <Group grow gap="xs" wrap="nowrap" align="flex-start">
          <NumberInput label="Value" inputMode="decimal" decimalScale={2} {...form.getInputProps('value')} />
          <Select label="Unit" data={metric?.units ?? []} allowDeselect={false} {...form.getInputProps('unit')} />
        </Group>
        <TextInput label="Date" type="date" max={localToday()} {...form.getInputProps('measured_at')} />
        <Button type="submit" loading={add.isPending}>
          Record
        </Button>
      </Stack>
    </form>
  );
}
