import { Alert, Card, Grid, Stack, Text, Title } from '@mantine/core';
import { useClient } from '../../api/hooks/clients';
import { useMe } from '../../auth/AuthContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { ClientProfileView } from '../clients/ClientProfileView';
import { HealthCard } from '../clients/HealthCard';

export default function MyProfilePage() {
  const me = useMe();
  const clientId = me.user.client_id;
  const query = useClient(clientId);

  if (!clientId) {
    return (
      <Stack>
        <PageHeader title="My profile" />
        <Alert color="orange" title="No client profile linked">
          Your account is not linked to a client profile yet. Please contact your trainer or studio.
        </Alert>
      </Stack>
    );
  }
  if (query.isPending) return <PageLoader label="Loading your profile" />;
  if (query.error) {
    return (
      <Stack>
        <PageHeader title="My profile" />
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }
  const client = query.data.data;
  return (
    <Stack>
      <PageHeader title="My profile">
        <Text size="sm" c="dimmed">
          To change anything here, ask your trainer or studio.
        </Text>
      </PageHeader>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="my-details-heading">
            <Title order={2} fz="h4" mb="md" id="my-details-heading">
              {client.full_name}
            </Title>
            <ClientProfileView client={client} />
            {client.trainers.length ? (
              <Text size="sm" mt="md">
                Your trainer{client.trainers.length > 1 ? 's' : ''}:{' '}
                {client.trainers.map((t) => t.full_name).join(', ')}
              </Text>
            ) : null}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <HealthCard clientId={client.id} canEdit={false} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
