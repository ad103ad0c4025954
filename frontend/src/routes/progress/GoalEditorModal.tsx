import { ActionIcon, Button, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useCreateGoal, useUpdateGoal } from '../../api/hooks/progress';
import type { Goal, GoalDirection, Metric } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { DIRECTION_LABELS, validateGoalValues } from '../../lib/goals';
import { notify } from '../../lib/notify';
import { MAX_LENGTH } from '../../api/limits';

interface MilestoneDraft {
  value: number | '';
  label: string;
}

const num = (v: string | number): number | '' => (v === '' ? '' : Number(v));

/** Creates a goal on a metric, or edits one (title, values, deadline, milestones). */
export function GoalEditorModal({
  opened,
  onClose,
  clientId,
  metrics,
  goal,
  defaultUnit,
}: {
  opened: boolean;
  onClose: () => void;
  clientId: string;
  metrics: Metric[];
  goal?: Goal;
  defaultUnit: (metric: Metric) => string;
}) {
  const create = useCreateGoal(clientId);
  const update = useUpdateGoal();
  const [metricId, setMetricId] = useState<string | null>(goal?.metric_id ?? metrics.find((m) => m.key === 'body_weight')?.id ?? null);
  const metric = metrics.find((m) => m.id === metricId);
  const [direction, setDirection] = useState<GoalDirection>(goal?.direction ?? 'decrease');
  const [title, setTitle] = useState(goal?.title ?? '');
  const [start, setStart] = useState<number | ''>(goal?.start_value ?? '');
  const [target, setTarget] = useState<number | ''>(goal?.target_value ?? '');
  const [unit, setUnit] = useState<string | null>(goal?.unit ?? (metric ? defaultUnit(metric) : null));
  const [deadline, setDeadline] = useState(goal?.deadline ?? '');
  const [milestones, setMilestones] = useState<MilestoneDraft[]>(goal?.milestones.map((m) => ({ value: m.value, label: m.label })) ?? []);
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const check = !goal && !metricId ? 'Choose what to measure.' : validateGoalValues(direction, start === '' ? null : start, target === '' ? null : target);
    setProblem(check);
    if (check || target === '') return;
    const ms = milestones.filter((m) => m.value !== '').map((m) => ({ value: m.value as number, label: m.label.trim() || null }));
    try {
      if (goal) {
        await update.mutateAsync({
          id: goal.id,
          body: { title: title.trim() || undefined, start_value: start === '' ? undefined : start, target_value: target, unit: unit ?? undefined, deadline: deadline || null, milestones: ms },
        });
      } else {
        await create.mutateAsync({
          metric_id: metricId,
          direction,
          title: title.trim() || null,
          start_value: start === '' ? null : start,
          target_value: target,
          unit,
          deadline: deadline || null,
          milestones: ms,
        });
      }
      notify({ color: 'green', message: goal ? 'Goal saved' : 'Goal set' });
      onClose();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={goal ? 'Edit goal' : 'New goal'}>
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormErrorAlert error={error} />
          {problem ? (
            <Text c="red.8" size="sm" role="alert">
              {problem}
            </Text>
          ) : null}
          {goal ? null : (
            <>
              <Select
                label="Measure"
                required
                data={metrics.map((m) => ({ value: m.id, label: m.name }))}
                value={metricId}
                onChange={(id) => {
                  setMetricId(id);
                  const m = metrics.find((x) => x.id === id);
                  if (m) setUnit(defaultUnit(m));
                }}
                searchable
              />
              <div>
                <Text size="sm" fw={500} id="direction-label" mb={2}>
                  Direction
                </Text>
                <SegmentedControl
                  aria-labelledby="direction-label"
                  fullWidth
                  value={direction}
                  onChange={(v) => setDirection(v as GoalDirection)}
                  data={(Object.keys(DIRECTION_LABELS) as GoalDirection[]).map((d) => ({ value: d, label: DIRECTION_LABELS[d] }))}
                />
              </div>
            </>
          )}
          <TextInput label="Title" placeholder="Generated when left empty" value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={MAX_LENGTH.GoalIn.title} />
          <SimpleGrid cols={3} spacing="xs">
            <NumberInput label="Start" description="Empty: latest" value={start} onChange={(v) => setStart(num(v))} decimalScale={2} />
            <NumberInput label="Target" required value={target} onChange={(v) => setTarget(num(v))} decimalScale={2} />
            <Select label="Unit" data={metric?.units ?? (unit ? [unit] : [])} value={unit} onChange={setUnit} allowDeselect={false} />
          </SimpleGrid>
          <TextInput label="Deadline" type="date" value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} />
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Milestones
            </Text>
            {milestones.map((m, i) => (
              <Group key={i} gap="xs" wrap="nowrap">
                <NumberInput
                  aria-label={`Milestone ${i + 1} value`}
                  placeholder="Value"
                  value={m.value}
                  onChange={(v) => setMilestones((ms) => ms.map((x, j) => (j === i ? { ...x, value: num(v) } : x)))}
                  w={110}
                  decimalScale={2}
                />
                <TextInput
                  aria-label={`Milestone ${i + 1} label`}
                  placeholder="Label (optional)"
                  value={m.label}
                  onChange={(e) => {
                    const label = e.currentTarget.value;
                    setMilestones((ms) => ms.map((x, j) => (j === i ? { ...x, label } : x)));
                  }}
                  style={{ flex: 1 }}
                />
                <ActionIcon variant="default" size="lg" aria-label={`Remove milestone ${i + 1}`} onClick={() => setMilestones((ms) => ms.filter((_, j) => j !== i))}>
                  <span aria-hidden>×</span>
                </ActionIcon>
              </Group>
            ))}
            <Button variant="subtle" size="xs" onClick={() => setMilestones((ms) => [...ms, { value: '', label: '' }])} disabled={milestones.length >= 20} style={{ alignSelf: 'flex-start' }}>
              Add milestone
            </Button>
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {goal ? 'Save goal' : 'Set goal'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
