import { Alert, Button, Group, List, Text } from '@mantine/core';
import { errorMessage, isApiError } from '../api/problem';

/**
 * The alert above a form after a failed submit. A 409 on an If-Match update
 * gets its own message and a reload button.
 */
export function FormErrorAlert({
  error,
  otherErrors = [],
  onReload,
  entity = 'record',
}: {
  error: unknown;
  otherErrors?: string[];
  onReload?: () => void;
  entity?: string;
}) {
  if (!error) return null;
  if (isApiError(error) && (error.status === 409 || error.status === 412) && onReload) {
    return (
      <Alert color="orange" role="alert" title={`This ${entity} was changed by someone else — reload`}>
        <Text size="sm">Reloading shows the latest version; your unsaved changes in this form will be lost.</Text>
        <Group mt="sm">
          <Button size="xs" color="orange" onClick={onReload}>
            Reload
          </Button>
        </Group>
      </Alert>
    );
  }
  const { title, detail, requestId } = errorMessage(error);
  const fieldProblem = isApiError(error) && error.status === 422;
  return (
    <Alert color="red" role="alert" title={fieldProblem ? 'Please correct the highlighted fields' : title}>
      {fieldProblem ? null : detail ? <Text size="sm">{detail}</Text> : null}
      {otherErrors.length > 0 ? (
        <List size="sm">
          {otherErrors.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
      ) : null}
      {requestId ? (
        <Text size="xs" c="dimmed" mt={4}>
          Request id: {requestId}
        </Text>
      ) : null}
    </Alert>
  );
}
