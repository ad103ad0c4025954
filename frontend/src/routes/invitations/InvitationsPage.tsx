import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useCreateInvitation, useInvitations, useRevokeInvitation } from '../../api/hooks/invitations';
import type { Invitation, InvitationIn } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useInvitationOutcome } from '../../components/InvitationOutcome';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDateTime, INVITATION_STATUS_COLORS, ROLE_LABELS } from '../../lib/format';
import { useCursorPager } from '../../lib/useCursorPager';
import { InviteTrainerModal } from '../trainers/InviteTrainerModal';
import { notify } from '../../lib/notify';

const STATUS_LABELS: Record<Invitation['status'], string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  revoked: 'Revoked',
  expired: 'Expired',
};

/** A new invitation for the same person: it replaces their pending one (whose link stops working). A trainer's goes
 * to the address on the client's record (the only one a trainer may use); an admin's keeps the one chosen before. */
function reissueBody(inv: Invitation, isAdmin: boolean): InvitationIn {
  if (inv.role === 'trainer') {
    return { role: 'trainer', trainer_id: inv.trainer_id, email: inv.email, full_name: inv.full_name };
  }
  return isAdmin ? { role: 'client', client_id: inv.client_id, email: inv.email } : { role: 'client', client_id: inv.client_id };
}

export default function InvitationsPage() {
  const me = useMe();
  const isAdmin = me.user.role === 'admin';
  const pager = useCursorPager('invitations');
  const invitations = useInvitations({ limit: 25, cursor: pager.cursor });
  const revoke = useRevokeInvitation();
  const reissue = useCreateInvitation();
  const outcome = useInvitationOutcome();
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const [inviteOpened, invite] = useDisclosure(false);
  const items = invitations.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Invitations"
        actions={isAdmin ? <Button onClick={invite.open}>Invite trainer</Button> : null}
      >
        <Text size="sm" c="dimmed">
          Clients are invited to the portal from their profile page.
        </Text>
      </PageHeader>

      {invitations.error ? (
        <ErrorAlert error={invitations.error} title="Could not load invitations" onRetry={() => void invitations.refetch()} />
      ) : invitations.isPending ? (
        <TableSkeleton label="Loading invitations" />
      ) : items.length === 0 ? (
        <EmptyState
          title="No invitations yet"
          action={isAdmin ? <Button onClick={invite.open}>Invite a trainer</Button> : null}
        >
          Invitations you create are listed here with their status.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={720} type="native">
          <Table striped verticalSpacing="sm" aria-busy={invitations.isFetching}>
            <Table.Caption>Invitations, page {pager.page}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">E-mail</Table.Th>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">Expires</Table.Th>
                <Table.Th scope="col">
                  <span className="mantine-visually-hidden">Actions</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((inv) => (
                <Table.Tr key={inv.id}>
                  <Table.Td>{inv.email}</Table.Td>
                  <Table.Td>{inv.full_name ?? '—'}</Table.Td>
                  <Table.Td>{ROLE_LABELS[inv.role]}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={INVITATION_STATUS_COLORS[inv.status]}>
                      {STATUS_LABELS[inv.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(inv.created_at)}</Table.Td>
                  <Table.Td>{formatDateTime(inv.expires_at)}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      {inv.status === 'pending' || inv.status === 'expired' ? (
                        <Button
                          size="compact-sm"
                          variant="light"
                          loading={reissue.isPending && reissue.variables?.email === inv.email}
                          onClick={() => reissue.mutate(reissueBody(inv, isAdmin), { onSuccess: outcome.announce })}
                          aria-label={`New invitation link for ${inv.email}`}
                        >
                          New link
                        </Button>
                      ) : null}
                      {inv.status === 'pending' ? (
                        <Button
                          size="compact-sm"
                          variant="outline"
                          color="red"
                          onClick={() => setRevoking(inv)}
                          aria-label={`Revoke invitation for ${inv.email}`}
                        >
                          Revoke
                        </Button>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        nextCursor={invitations.data?.next_cursor}
        onNext={pager.next}
        onPrevious={pager.previous}
        loading={invitations.isFetching}
        label="Invitation pages"
      />

      <ConfirmDialog
        opened={revoking !== null}
        title="Revoke invitation?"
        confirmLabel="Revoke"
        loading={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              notify({ color: 'green', message: `Invitation for ${revoking.email} revoked` });
              setRevoking(null);
            },
          })
        }
      >
        The invitation link for {revoking?.email} will stop working.
      </ConfirmDialog>
      {outcome.modal}
      {isAdmin ? <InviteTrainerModal opened={inviteOpened} onClose={invite.close} /> : null}
    </>
  );
}
