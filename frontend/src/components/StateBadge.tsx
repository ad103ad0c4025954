import { Badge } from '@mantine/core';
import type { ComponentState } from '../api/types';
import { STATE_COLORS, STATE_LABELS } from '../lib/status';

/** A status-page component state: a coloured badge that also says it in words. */
export function StateBadge({ state }: { state: ComponentState }) {
  return (
    <Badge variant="light" color={STATE_COLORS[state]} miw="max-content">
      {STATE_LABELS[state]}
    </Badge>
  );
}
