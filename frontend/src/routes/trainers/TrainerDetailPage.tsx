import { Anchor, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useBusiness } from '../../api/hooks/business';
import { useCreateInvitation } from '../../api/hooks/invitations';
import { useInvitationOutcome } from '../../components/InvitationOutcome';
import { useTrainer, useUpdateTrainer } from '../../api/hooks/trainers';
import { isApiError } from '../../api/problem';
import type { TrainerIn, TrainerUpdate } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoader } from '../../components/PageLoader';
import { changedFields } from '../clients/clientFormValues';
import { formatDateTime } from '../../lib/format';
import { formatMoney } from '../../lib/money';
import { formToTrainerIn, SELF_EDITABLE, TrainerForm, trainerToForm } from './TrainerForm';
import { notify } from '../../lib/notify';

export default function TrainerDetailPage() {
  const { trainerId = '' } = useParams();
  const me = useMe();
  const query = useTrainer(trainerId);
  const update = useUpdateTrainer(trainerId);
  const invite = useCreateInvitation();
  const inviteOutcome = useInvitationOutcome();
  const [editing, setEditing] = useState(false);
  const currency = useBusiness().data?.currency ?? 'EUR';

  if (query.isPending) return <PageLoader label="Loading trainer" />;
  if (query.error) {
    return (
      <Stack>
        <PageHeader title={isApiError(query.error) && query.error.status === 404 ? 'Trainer not found' : 'Trainer'} />
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
        <Anchor component={Link} to="/trainers">
          Back to trainers
        </Anchor>
      </Stack>
    );
  }

  const { data: trainer, etag } = query.data;
  const isAdmin = me.user.role === 'admin';
  const isSelf = me.user.trainer_id === trainer.id;
  const canEdit = isAdmin || isSelf;
  const limited = !isAdmin;

  const save = async (body: TrainerIn) => {
    let patch: TrainerUpdate = changedFields(formToTrainerIn(trainerToForm(trainer, currency)), body);
    if (limited) {
      patch = Object.fromEntries(
        Object.entries(patch).filter(([k]) => SELF_EDITABLE.includes(k as keyof TrainerIn)),
      ) as TrainerUpdate;
    }
    if (Object.keys(patch).length > 0) {
      await update.mutateAsync({ etag, body: patch });
      notify({ color: 'green', message: 'Trainer saved' });
    }
    setEditing(false);
  };

  const sendInvite = () =>
    invite.mutate(
      { role: 'trainer', email: trainer.email, full_name: trainer.full_name, trainer_id: trainer.id },
      { onSuccess: inviteOutcome.announce },
    );

  return (
    <Stack>
      <Anchor component={Link} to="/trainers" size="sm">
        ← Trainers
      </Anchor>
      <PageHeader
        title={trainer.full_name}
        actions={
          <>
            {canEdit && !editing ? <Button onClick={() => setEditing(true)}>Edit</Button> : null}
            {isAdmin && !trainer.has_account ? (
              <Button variant="light" onClick={sendInvite} loading={invite.isPending}>
                Invite to sign in
              </Button>
            ) : null}
          </>
        }
      >
        <Group gap="xs" mt={4}>
          <Badge variant="light" color={trainer.active ? 'green' : 'gray'}>
            {trainer.active ? 'Active' : 'Inactive'}
          </Badge>
          {isSelf ? (
            <Badge variant="outline">You</Badge>
          ) : null}
        </Group>
      </PageHeader>

      <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="trainer-profile-heading">
        <Title order={2} fz="h4" mb="md" id="trainer-profile-heading">
          {editing ? 'Edit profile' : 'Profile'}
        </Title>
        {editing ? (
          <TrainerForm
            initialValues={trainerToForm(trainer, currency)}
            resetToken={etag}
            limited={limited}
            submitLabel="Save changes"
            onSubmit={save}
            onCancel={() => setEditing(false)}
            onReload={() => query.refetch()}
          />
        ) : (
          <DescriptionList
            items={[
              ['E-mail', <Anchor key="e" href={`mailto:${trainer.email}`}>{trainer.email}</Anchor>],
              ['Phone', trainer.phone],
              ['Specialities', trainer.specialities.join(', ')],
              ['Certifications', trainer.certifications.join(', ')],
              ...(isAdmin || isSelf
                ? ([
                    [
                      'Hourly rate',
                      trainer.hourly_rate
                        ? formatMoney(trainer.hourly_rate.amount_minor, trainer.hourly_rate.currency)
                        : null,
                    ],
                    ['Clients', String(trainer.client_count)],
                    ['Sign-in account', trainer.has_account ? 'Yes' : 'Not yet invited or not accepted'],
                  ] as [string, ReactNode][])
                : []),
              ['Bio', trainer.bio],
              ['Added', formatDateTime(trainer.created_at)],
            ]}
          />
        )}
      </Card>
      {isAdmin ? (
        <Text size="sm">
          <Anchor component={Link} to={`/clients?trainer_id=${trainer.id}`}>
            See {trainer.full_name}'s clients
          </Anchor>
        </Text>
      ) : null}
      {inviteOutcome.modal}
    </Stack>
  );
}
