import { Alert, Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/problem';

/** An error from the API (or anything else), announced to screen readers. */
export function ErrorAlert({
  error,
  title,
  onRetry,
  children,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  if (!error) return null;
  const message = errorMessage(error);
  return (
    <Alert color="red" title={title ?? message.title} role="alert" variant="light">
      {title ? <Text size="sm" fw={600}>{message.title}</Text> : null}
      {message.detail ? <Text size="sm">{message.detail}</Text> : null}
      {children}
      {message.requestId ? (
        <Text size="xs" c="dimmed" mt={4}>
          Request id: {message.requestId}
        </Text>
      ) : null}
      {onRetry ? (
        <Group mt="sm">
          <Button size="xs" variant="outline" color="red" onClick={onRetry}>
            Try again
          </Button>
        </Group>
      ) : null}
    </Alert>
  );
}
