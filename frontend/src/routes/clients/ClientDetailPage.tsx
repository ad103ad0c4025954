import { Alert, Anchor, Badge, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useArchiveClient, useClient, useUpdateClient } from '../../api/hooks/clients';
import { useCreateInvitation } from '../../api/hooks/invitations';
import { useInvitationOutcome } from '../../components/InvitationOutcome';
import { isApiError } from '../../api/problem';
import { useMe } from '../../auth/AuthContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { formatDateTime } from '../../lib/format';
import { ClientForm } from './ClientForm';
import { changedFields, clientToForm, formToClientIn } from './clientFormValues';
import { ActivityCard } from './ActivityCard';
import { ClientProfileView } from './ClientProfileView';
import { HealthCard } from './HealthCard';
import { TrainersCard } from './TrainersCard';
import { TrainingCard } from './TrainingCard';
import { notify } from '../../lib/notify';

export default function ClientDetailPage() {
  const { clientId = '' } = useParams();
  const me = useMe();
  const query = useClient(clientId);
  const update = useUpdateClient(clientId);
  const archive = useArchiveClient(clientId);
  const invite = useCreateInvitation();
  const inviteOutcome = useInvitationOutcome();
  const [editing, setEditing] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);

  if (query.isPending) return <PageLoader label="Loading client" />;
  if (query.error) {
    if (isApiError(query.error) && query.error.status === 404) {
      return (
        <Stack>
          <PageHeader title="Client not found" />
          <Text>This client does not exist or is not assigned to you.</Text>
          <Anchor component={Link} to="/clients">
            Back to clients
          </Anchor>
        </Stack>
      );
    }
    return (
      <Stack>
        <PageHeader title="Client" />
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </Stack>
    );
  }

  const { data: client, etag } = query.data;
  const isAdmin = me.user.role === 'admin';
  const archived = Boolean(client.archived_at);
  const canInvite = !archived && Boolean(client.email) && !client.has_portal_access;

  const save = async (body: ReturnType<typeof formToClientIn>) => {
    const before = formToClientIn(clientToForm(client));
    // Trainer assignments are changed in the trainers card, never through PATCH.
    const { primary_trainer_id: _ignored, ...patch } = changedFields(before, body);
    if (Object.keys(patch).length === 0) {
      setEditing(false);
      return;
    }
    await update.mutateAsync({ etag, body: patch });
    notify({ color: 'green', message: 'Client saved' });
    setEditing(false);
  };

  const sendInvite = () =>
    invite.mutate(
      { role: 'client', client_id: client.id },
      { onSuccess: inviteOutcome.announce },
    );

  const toggleArchive = () =>
    archive.mutate(archived ? 'restore' : 'archive', {
      onSuccess: () => {
        notify({ color: 'green', message: archived ? 'Client restored' : 'Client archived' });
        setConfirmArchive(false);
      },
    });

  return (
    <Stack>
      <Anchor component={Link} to="/clients" size="sm">
        ← Clients
      </Anchor>
      <PageHeader
        title={client.full_name}
        actions={
          <>
            {!editing && !archived ? <Button onClick={() => setEditing(true)}>Edit</Button> : null}
            {canInvite ? (
              <Button variant="light" onClick={sendInvite} loading={invite.isPending}>
                Invite to portal
              </Button>
            ) : null}
            <Button variant="outline" color={archived ? 'blue' : 'red'} onClick={() => setConfirmArchive(true)}>
              {archived ? 'Restore' : 'Archive'}
            </Button>
          </>
        }
      >
        <Group gap="xs" mt={4}>
          {archived ? (
            <Badge color="gray" variant="filled">
              Archived
            </Badge>
          ) : null}
          {client.has_portal_access ? (
            <Badge color="green" variant="light">
              Portal access
            </Badge>
          ) : null}
          <Text size="xs" c="dimmed">
            Updated {formatDateTime(client.updated_at)}
          </Text>
        </Group>
      </PageHeader>

      {archived ? (
        <Alert color="gray" title="This client is archived">
          Archived on {formatDateTime(client.archived_at)}. Restore the client to edit their profile.
        </Alert>
      ) : null}

      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="profile-heading">
            <Title order={2} fz="h4" mb="md" id="profile-heading">
              {editing ? 'Edit profile' : 'Profile'}
            </Title>
            {editing ? (
              <ClientForm
                initialValues={clientToForm(client)}
                resetToken={etag}
                submitLabel="Save changes"
                onSubmit={save}
                onCancel={() => setEditing(false)}
                onReload={() => query.refetch()}
                emailLocked={me.user.role !== 'admin'}
              />
            ) : (
              <ClientProfileView client={client} />
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <TrainingCard clientId={client.id} clientName={client.full_name} canEdit={!archived} />
            <TrainersCard clientId={client.id} isAdmin={isAdmin} />
            <HealthCard clientId={client.id} canEdit={!archived} />
            <ActivityCard clientId={client.id} />
          </Stack>
        </Grid.Col>
      </Grid>

      <ConfirmDialog
        opened={confirmArchive}
        title={archived ? 'Restore client?' : 'Archive client?'}
        confirmLabel={archived ? 'Restore' : 'Archive'}
        color={archived ? 'blue' : 'red'}
        loading={archive.isPending}
        onClose={() => setConfirmArchive(false)}
        onConfirm={toggleArchive}
      >
        {archived
          ? `${client.full_name} will appear in the client list again.`
          : `${client.full_name} will be hidden from the client list. You can restore them later.`}
      </ConfirmDialog>
      {inviteOutcome.modal}
    </Stack>
  );
}
