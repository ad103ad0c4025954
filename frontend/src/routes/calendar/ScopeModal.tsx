import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';

export type Scope = 'this' | 'following' | 'all';

const LABELS: Record<Scope, string> = {
  this: 'This occurrence',
  following: 'This and following occurrences',
  all: 'All occurrences',
};

/** "Which occurrences?" — asked before changing or cancelling an occurrence of a series. */
export function ScopeModal({
  title,
  confirmLabel,
  onlyThis,
  onlyThisReason,
  loading,
  onConfirm,
  onClose,
  color,
}: {
  title: string;
  confirmLabel: string;
  /** A change that only makes sense for one occurrence (e.g. moved to another day). */
  onlyThis?: boolean;
  onlyThisReason?: string;
  loading?: boolean;
  color?: string;
  onConfirm: (scope: Scope) => void;
  onClose: () => void;
}) {
  const [scope, setScope] = useState<Scope>('this');
  return (
    <Modal opened onClose={onClose} title={title} centered>
      <Stack>
        <Radio.Group label="Apply to" value={scope} onChange={(v) => setScope(v as Scope)}>
          <Stack gap="xs" mt="xs">
            {(Object.keys(LABELS) as Scope[]).map((s) => (
              <Radio key={s} value={s} label={LABELS[s]} disabled={onlyThis && s !== 'this'} />
            ))}
          </Stack>
        </Radio.Group>
        {onlyThis && onlyThisReason ? (
          <Text size="sm" c="dimmed">
            {onlyThisReason}
          </Text>
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={loading}>
            Back
          </Button>
          <Button color={color} onClick={() => onConfirm(scope)} loading={loading}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
