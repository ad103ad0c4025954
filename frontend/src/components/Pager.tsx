import { Button, Group, Text } from '@mantine/core';

/** Previous / Next buttons for a cursor-paged list. */
export function Pager({
  page,
  hasPrevious,
  nextCursor,
  onPrevious,
  onNext,
  loading,
  label = 'Pages',
}: {
  page: number;
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  onPrevious: () => void;
  onNext: (cursor: string | null | undefined) => void;
  loading?: boolean;
  label?: string;
}) {
  if (!hasPrevious && !nextCursor) return null;
  return (
    <Group component="nav" aria-label={label} justify="space-between" mt="md">
      <Button variant="default" onClick={onPrevious} disabled={!hasPrevious || loading}>
        Previous
      </Button>
      <Text size="sm" aria-live="polite">
        Page {page}
      </Text>
      <Button variant="default" onClick={() => onNext(nextCursor)} disabled={!nextCursor || loading}>
        Next
      </Button>
    </Group>
  );
}
