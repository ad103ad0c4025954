import { Card, Grid, Group, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useMetrics, useProgress } from '../../api/hooks/progress';
import type { Metric, Quantity, UnitSystem } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { localToday } from '../../lib/plan';
import { formatNumber, loadUnitFor } from '../../lib/units';
import { GoalsCard } from './GoalsCard';
import { MeasurementForm } from './MeasurementForm';
import { PhotosCard } from './PhotosCard';
import { RecordsCard } from './RecordsCard';

// The charts are their own chunk, fetched when the dashboard first renders data.
const LineChart = lazy(() => import('./Charts').then((m) => ({ default: m.LineChart })));
const BarChart = lazy(() => import('./Charts').then((m) => ({ default: m.BarChart })));

const RANGES = [
  { value: '90', label: '3 months' },
  { value: '182', label: '6 months' },
  { value: '365', label: '1 year' },
];

const IMPERIAL: Partial<Record<Quantity, string>> = { mass: 'lb', length: 'in' };

/** The unit a value is shown and entered in for this person's unit system. */
export function displayUnitFor(system: UnitSystem) {
  return (m: Metric): string => (system === 'imperial' && IMPERIAL[m.quantity]) || m.canonical_unit;
}

function daysBefore(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

function ChartFallback() {
  return <Skeleton h={200} aria-label="Loading chart" />;
}

export function ProgressDashboard({ clientId, canEdit, isClient }: { clientId: string; canEdit: boolean; isClient: boolean }) {
  const [range, setRange] = useState('90');
  const today = localToday();
  const bucket = range === '90' ? 'week' : range === '182' ? 'week' : 'month';
  const progress = useProgress(clientId, { from: daysBefore(today, Number(range)), to: today, bucket });
  const metrics = useMetrics();
  const system = progress.data?.unit_system ?? 'metric';
  const defaultUnit = displayUnitFor(system);
  const series = (progress.data?.metrics ?? []).filter((s) => s.points.length > 0);
  const training = progress.data?.training;
  const goals = progress.data?.goals ?? [];

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" c="dimmed">
          Values in {system === 'imperial' ? 'imperial' : 'metric'} units.
        </Text>
        <SegmentedControl aria-label="Time range" data={RANGES} value={range} onChange={setRange} size="xs" />
      </Group>
      <ErrorAlert error={progress.error} onRetry={() => void progress.refetch()} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            {progress.isPending ? (
              <Skeleton h={240} />
            ) : series.length === 0 ? (
              <Card withBorder radius="md" padding="lg">
                <Title order={2} fz="h4" mb="xs">
                  Measurements
                </Title>
                <Text c="dimmed" size="sm">
                  No measurements in this period yet.{canEdit ? ' Record one to start the chart.' : ''}
                </Text>
              </Card>
            ) : (
              series.map((s) => {
                const goal = goals.find((g) => g.metric_id === s.metric_id && g.status === 'active');
                const last = s.points[s.points.length - 1];
                return (
                  <Card key={s.metric_id} withBorder radius="md" padding="lg" component="section" aria-label={`${s.name} over time`}>
                    <Group justify="space-between" mb="xs">
                      <Title order={2} fz="h4">
                        {s.name}
                      </Title>
                      <Text fw={600}>
                        {formatNumber(last.last)} {s.unit}
                      </Text>
                    </Group>
                    <Suspense fallback={<ChartFallback />}>
                      <LineChart
                        title={`${s.name} (${s.unit})`}
                        unit={s.unit}
                        data={s.points.map((p) => ({ date: p.period_start, value: p.avg }))}
                        target={goal?.target_value ?? null}
                      />
                    </Suspense>
                  </Card>
                );
              })
            )}
            <Card withBorder radius="md" padding="lg" component="section" aria-label="Training volume over time">
              <Group justify="space-between" mb="xs">
                <Title order={2} fz="h4">
                  Training volume
                </Title>
                {training ? (
                  <Text size="sm" c="dimmed">
                    {training.points.reduce((n, p) => n + p.workouts, 0)} workouts ·{' '}
                    {formatNumber(training.points.reduce((n, p) => n + p.volume, 0), 0)} {training.volume_unit}
                  </Text>
                ) : null}
              </Group>
              {progress.isPending ? (
                <Skeleton h={200} />
              ) : training && training.points.some((p) => p.workouts > 0) ? (
                <Suspense fallback={<ChartFallback />}>
                  <BarChart
                    title={`Training volume per ${bucket} (${training.volume_unit})`}
                    unit={training.volume_unit}
                    data={training.points.map((p) => ({ date: p.period_start, value: p.volume }))}
                  />
                </Suspense>
              ) : (
                <Text c="dimmed" size="sm">
                  No completed workouts in this period.
                </Text>
              )}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <GoalsCard clientId={clientId} goals={goals} metrics={metrics.data ?? []} canEdit={canEdit} defaultUnit={defaultUnit} />
            {canEdit && metrics.data ? (
              <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="measure-heading">
                <Title order={2} fz="h4" id="measure-heading" mb="xs">
                  Record a measurement
                </Title>
                <MeasurementForm key={system} clientId={clientId} metrics={metrics.data} defaultUnit={defaultUnit} />
              </Card>
            ) : null}
          </Stack>
        </Grid.Col>
      </Grid>
      <RecordsCard clientId={clientId} unit={loadUnitFor(system)} />
      <PhotosCard clientId={clientId} canUpload={canEdit} isClient={isClient} />
    </Stack>
  );
}
