import { Alert, Button, Group, List, Text } from '@mantine/core';
import { errorLine, errorMessage, isApiError } from '../api/problem';

/**
 * The alert above a form after a failed submit. A 409 on an If-Match update
 * gets its own message and a reload button. For a 422, `otherErrors` are the
 * messages the form could not put on a field (from useServerForm); without
 * it, the form highlights nothing and every message is listed here.
 */
export function FormErrorAlert({
  error,
  otherErrors,
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
  if (isApiError(error) && error.status === 422) {
    const errors = error.problem.errors ?? [];
    const listed = otherErrors ?? errors.map(errorLine);
    // Each error went either onto a field or into `listed`; promise highlights only when some exist.
    const highlighted = errors.length > listed.length;
    return (
      <Alert color="red" role="alert" title={highlighted ? 'Please correct the highlighted fields' : 'Please check your input'}>
        {listed.length > 0 ? (
          <List size="sm">
            {listed.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
        ) : errors.length === 0 && error.problem.detail ? (
          <Text size="sm">{error.problem.detail}</Text>
        ) : null}
        {requestId ? (
          <Text size="xs" c="dimmed" mt={4}>
            Request id: {requestId}
          </Text>
        ) : null}
      </Alert>
    );
  }
  return (
    <Alert color="red" role="alert" title={title}>
      {detail ? <Text size="sm">{detail}</Text> : null}
      {otherErrors?.length ? (
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
