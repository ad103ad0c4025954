import { Button, Group, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useAddMeasurement } from '../../api/hooks/progress';
import type { Metric } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { notify } from '../../lib/notify';
import { localToday } from '../../lib/plan';

/** Records a measurement in the unit the person picks (defaulting to their unit system's). */
export function MeasurementForm({ clientId, metrics, defaultUnit }: { clientId: string; metrics: Metric[]; defaultUnit: (m: Metric) => string }) {
  const add = useAddMeasurement(clientId);
  const [metricId, setMetricId] = useState<string | null>(metrics.find((m) => m.key === 'body_weight')?.id ?? metrics[0]?.id ?? null);
  const metric = metrics.find((m) => m.id === metricId);
  const [unit, setUnit] = useState<string | null>(metric ? defaultUnit(metric) : null);
  const [value, setValue] = useState<number | ''>('');
  const [date, setDate] = useState(localToday());
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!metricId || value === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    // A past date is recorded at local noon, so it stays on that day in any time zone nearby.
    const measuredAt = date === localToday() ? undefined : new Date(`${date}T12:00:00`).toISOString();
    try {
      await add.mutateAsync({ metric_id: metricId, value, unit, measured_at: measuredAt ?? null });
      notify({ color: 'green', message: `${metric?.name ?? 'Measurement'} recorded` });
      setValue('');
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Record a measurement">
      <Stack gap="xs">
        <FormErrorAlert error={error} />
        <Select
          label="Measurement"
          data={metrics.map((m) => ({ value: m.id, label: m.name }))}
          value={metricId}
          onChange={(id) => {
            setMetricId(id);
            const m = metrics.find((x) => x.id === id);
            setUnit(m ? defaultUnit(m) : null);
          }}
          searchable
          allowDeselect={false}
        />
        <Group grow gap="xs" wrap="nowrap" align="flex-start">
          <NumberInput
            label="Value"
            inputMode="decimal"
            value={value}
            onChange={(v) => setValue(v === '' ? '' : Number(v))}
            decimalScale={2}
            error={missing && value === '' ? 'Enter a value.' : undefined}
          />
          <Select label="Unit" data={metric?.units ?? []} value={unit} onChange={setUnit} allowDeselect={false} />
        </Group>
        <TextInput label="Date" type="date" value={date} max={localToday()} onChange={(e) => setDate(e.currentTarget.value)} />
        <Button type="submit" loading={add.isPending}>
          Record
        </Button>
      </Stack>
    </form>
  );
}
