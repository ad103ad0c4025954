import { Alert, Button, Group, Text } from '@mantine/core';
import { hasProblemType } from '../../api/problem';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { OUTSIDE_HOURS } from '../../lib/scheduling';

/**
 * A failed booking or move. Outside the trainer's working hours is a warning staff may confirm
 * (`onConfirm` resends with `allow_outside_hours`); anything else is the usual form error.
 */
export function ScheduleErrorAlert({
  error,
  otherErrors,
  question,
  confirmLabel,
  loading,
  onConfirm,
}: {
  error: unknown;
  otherErrors?: string[];
  question: string;
  confirmLabel: string;
  loading?: boolean;
  onConfirm: () => void;
}) {
  if (!hasProblemType(error, OUTSIDE_HOURS)) return <FormErrorAlert error={error} otherErrors={otherErrors} />;
  return (
    <Alert color="yellow" role="alert" title="Outside working hours">
      <Text size="sm">
        {error.problem.detail} {question}
      </Text>
      <Group mt="sm">
        <Button size="xs" color="yellow" autoContrast loading={loading} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </Group>
    </Alert>
  );
}
