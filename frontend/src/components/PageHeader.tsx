import { Group, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';

/** The page's h1, which also sets the browser tab title. */
export function PageHeader({
  title,
  documentTitle,
  actions,
  children,
}: {
  title: ReactNode;
  /** Tab title when `title` is not plain text. */
  documentTitle?: string;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const text = documentTitle ?? (typeof title === 'string' ? title : '');
  useDocumentTitle(text ? `${text} · FitnessCRM` : 'FitnessCRM');
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm" mb="md">
      <div>
        <Title order={1} fz={{ base: 'h2', sm: 'h1' }}>
          {title}
        </Title>
        {children}
      </div>
      {actions ? <Group gap="sm">{actions}</Group> : null}
    </Group>
  );
}
