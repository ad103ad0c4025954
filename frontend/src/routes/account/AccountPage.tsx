import { Card, Stack, Title } from '@mantine/core';
import { useMe } from '../../auth/AuthContext';
import { DescriptionList } from '../../components/DescriptionList';
import { PageHeader } from '../../components/PageHeader';
import { ROLE_LABELS } from '../../lib/format';
import { ApiTokensCard } from './ApiTokensCard';
import { ChangePasswordCard } from './ChangePasswordCard';

export default function AccountPage() {
  const { user } = useMe();
  return (
    <Stack>
      <PageHeader title="Account" />
      <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="you-heading">
        <Title order={2} fz="h4" mb="md" id="you-heading">
          You
        </Title>
        <DescriptionList
          cols={3}
          items={[
            ['Name', user.full_name],
            ['E-mail', user.email],
            ['Role', ROLE_LABELS[user.role]],
          ]}
        />
      </Card>
      <ChangePasswordCard />
      <ApiTokensCard />
    </Stack>
  );
}
