import { Button, CopyButton, Group, TextInput } from '@mantine/core';

/**
 * A secret the server shows once (an API token, an invitation link): read-only, selected on focus, with a copy
 * button and the button that closes it.
 */
export function ShownOnceSecret({ label, value, copyLabel, onDone, testId }: {
  label: string;
  value: string;
  copyLabel: string;
  onDone: () => void;
  testId?: string;
}) {
  return (
    <>
      <TextInput
        label={label}
        value={value}
        readOnly
        onFocus={(e) => e.currentTarget.select()}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        data-testid={testId}
      />
      <Group justify="space-between">
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button variant={copied ? 'light' : 'filled'} color={copied ? 'green' : undefined} onClick={copy}>
              {copied ? 'Copied' : copyLabel}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={onDone}>
          Done
        </Button>
      </Group>
    </>
  );
}
