import { Badge } from '@mantine/core';
import type { ClientStatus } from '../api/types';
import { CLIENT_STATUS_COLORS, CLIENT_STATUS_LABELS } from '../lib/format';

export function ClientStatusBadge({ status }: { status: ClientStatus }) {
  return (
    <Badge variant="light" color={CLIENT_STATUS_COLORS[status]} miw="max-content">
      {CLIENT_STATUS_LABELS[status]}
    </Badge>
  );
}
