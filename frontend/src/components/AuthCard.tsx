import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { BusinessBrand } from './BusinessBrand';

/** The centred card used by the sign-in, invitation and password-reset pages, with an optional footer below. */
export function AuthCard({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  useDocumentTitle(`${title} · FitnessCRM`);
  return (
    <Center
      mih="100vh"
      p="md"
      component="main"
      id="main"
      style={{ flexDirection: 'column', gap: 'var(--mantine-spacing-md)' }}
    >
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <Stack gap="md">
          <BusinessBrand truncate={false} />
          <div>
            <Title order={1} fz="h2">
              {title}
            </Title>
            {subtitle ? (
              <Text c="dimmed" size="sm" mt={4}>
                {subtitle}
              </Text>
            ) : null}
          </div>
          {children}
        </Stack>
      </Paper>
      {footer ? (
        <Box component="footer" w="100%" maw={420} ta="center">
          {footer}
        </Box>
      ) : null}
    </Center>
  );
}
