import { Box, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A labelled list of read-only values (<dl>), two columns on wider screens. */
export function DescriptionList({ items, cols = 2 }: { items: [label: string, value: ReactNode][]; cols?: number }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: cols }} spacing="md" verticalSpacing="sm" m={0}>
      {items.map(([label, value]) => (
        <Box key={label}>
          <Text component="dt" size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {value === null || value === undefined || value === '' ? '—' : value}
          </Text>
        </Box>
      ))}
    </SimpleGrid>
  );
}
