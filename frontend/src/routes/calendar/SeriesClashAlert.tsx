import { Alert, Button, Group, List, Text } from '@mantine/core';
import type { ProblemClash } from '../../api/problem';
import { OUTSIDE_HOURS } from '../../lib/scheduling';
import { formatShortDay } from '../../lib/zoned';

/** Which clashing dates to skip and whether out-of-hours dates are confirmed. */
export interface ClashAnswer {
  skip: string[];
  allowOutsideHours: boolean;
}

export const NO_ANSWER: ClashAnswer = { skip: [], allowOutsideHours: false };

/**
 * The dates a series cannot be placed on, each with why, and what staff can do about them: skip them, or
 * book the out-of-hours ones anyway. Used when creating a series and when changing its following dates.
 */
export function SeriesClashAlert({ clashes, action, loading, onSkip, onAllowOutsideHours }: {
  clashes: ProblemClash[];
  action: 'create' | 'save';
  loading: boolean;
  onSkip: () => void;
  onAllowOutsideHours: () => void;
}) {
  const outsideHours = clashes.some((c) => c.type === OUTSIDE_HOURS);
  const one = clashes.length === 1;
  const outcome = action === 'create' ? 'create the series' : 'save the change';
  return (
    <Alert color="orange" role="alert" title={one ? '1 date clashes' : `${clashes.length} dates clash`}>
      <Text size="sm">
        Nothing is {action === 'create' ? 'created' : 'changed'} yet. Skip {one ? 'this date' : 'these dates'} to {outcome} without{' '}
        {one ? 'it' : 'them'}
        {outsideHours ? ', or book the ones outside working hours anyway' : ''}.
      </Text>
      <List size="sm" mt="xs" aria-label="Clashing dates">
        {clashes.map((c) => (
          <List.Item key={c.date}>
            <Text span size="sm" fw={600}>
              {formatShortDay(c.date)}:
            </Text>{' '}
            {c.detail}
          </List.Item>
        ))}
      </List>
      <Group mt="sm">
        <Button size="xs" color="orange" loading={loading} onClick={onSkip}>
          {one ? `Skip this date and ${action}` : `Skip these ${clashes.length} dates and ${action}`}
        </Button>
        {outsideHours ? (
          <Button size="xs" variant="light" color="orange" loading={loading} onClick={onAllowOutsideHours}>
            Book outside working hours anyway
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}
