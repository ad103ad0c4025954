import { ActionIcon, Badge, Button, Card, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAssignTrainer, useClientTrainers, useUnassignTrainer } from '../../api/hooks/clients';
import { trainerSource } from '../../api/hooks/pickers';
import type { Assignment } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SearchSelect } from '../../components/SearchSelect';
import { PageLoader } from '../../components/PageLoader';
import { notify } from '../../lib/notify';

export function TrainersCard({ clientId, isAdmin }: { clientId: string; isAdmin: boolean }) {
  const assignments = useClientTrainers(clientId);
  const assign = useAssignTrainer(clientId);
  const unassign = useUnassignTrainer(clientId);
  const [selected, setSelected] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Assignment | null>(null);

  const items = assignments.data?.items ?? [];
  const assignedIds = new Set(items.map((a) => a.trainer_id));

  const addTrainer = () => {
    if (!selected) return;
    assign.mutate(
      { trainerId: selected, isPrimary: items.length === 0 },
      {
        onSuccess: (a) => {
          notify({ color: 'green', message: `${a.trainer_name} assigned` });
          setSelected(null);
        },
      },
    );
  };

  return (
    <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="trainers-heading">
      <Stack gap="sm">
        <Title order={2} fz="h4" id="trainers-heading">
          Trainers
        </Title>
        {assignments.isPending ? (
          <PageLoader label="Loading trainers" />
        ) : assignments.error ? (
          <ErrorAlert error={assignments.error} onRetry={() => void assignments.refetch()} />
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No trainer assigned yet.
          </Text>
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((a) => (
              <Group key={a.trainer_id} component="li" justify="space-between" wrap="nowrap" gap="xs">
                <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                  <Text size="sm" truncate component={Link} to={`/trainers/${a.trainer_id}`} td="underline">
                    {a.trainer_name}
                  </Text>
                  {a.is_primary ? (
                    <Badge size="sm" variant="light">
                      Primary
                    </Badge>
                  ) : null}
                </Group>
                {isAdmin ? (
                  <Group gap={4} wrap="nowrap">
                    {!a.is_primary ? (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={() => assign.mutate({ trainerId: a.trainer_id, isPrimary: true })}
                        loading={assign.isPending && assign.variables?.trainerId === a.trainer_id}
                        aria-label={`Make ${a.trainer_name} the primary trainer`}
                      >
                        Make primary
                      </Button>
                    ) : null}
                    <Tooltip label={`Unassign ${a.trainer_name}`}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        onClick={() => setRemoving(a)}
                        aria-label={`Unassign ${a.trainer_name}`}
                      >
                        <span aria-hidden="true">✕</span>
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                ) : null}
              </Group>
            ))}
          </Stack>
        )}

        {isAdmin ? (
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <SearchSelect
              label="Assign a trainer"
              placeholder="Search trainers"
              source={trainerSource(assignedIds)}
              value={selected}
              onChange={setSelected}
              noItemsMessage="No active trainer left to assign"
              style={{ flex: 1 }}
            />
            <Button onClick={addTrainer} disabled={!selected} loading={assign.isPending && !assign.variables?.isPrimary}>
              Assign
            </Button>
          </Group>
        ) : null}
      </Stack>

      <ConfirmDialog
        opened={removing !== null}
        title="Unassign trainer?"
        confirmLabel="Unassign"
        loading={unassign.isPending}
        onClose={() => setRemoving(null)}
        onConfirm={() =>
          removing &&
          unassign.mutate(removing.trainer_id, {
            onSuccess: () => {
              notify({ color: 'green', message: `${removing.trainer_name} unassigned` });
              setRemoving(null);
            },
          })
        }
      >
        {removing?.trainer_name} will no longer see this client.
      </ConfirmDialog>
    </Card>
  );
}
