import { Alert, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { IssuedInvitation } from '../api/types';
import { formatDateTime } from '../lib/format';
import { notify } from '../lib/notify';
import { ShownOnceSecret } from './ShownOnceSecret';

/**
 * Tells the inviter how an invitation reaches the person: a toast once the mail server accepted the e-mail,
 * otherwise a dialog with the link to copy and pass on (the API returns it only then, and only to the inviter).
 */
export function useInvitationOutcome() {
  const [unsent, setUnsent] = useState<IssuedInvitation | null>(null);
  const announce = (invitation: IssuedInvitation) => {
    if (invitation.delivery === 'emailed') {
      notify({ color: 'green', title: 'Invitation sent', message: `We e-mailed ${invitation.email} a link to sign up.` });
    } else {
      setUnsent(invitation);
    }
  };
  const modal = <InvitationLinkModal invitation={unsent} onClose={() => setUnsent(null)} />;
  return { announce, modal };
}

function InvitationLinkModal({ invitation, onClose }: { invitation: IssuedInvitation | null; onClose: () => void }) {
  const url = invitation?.accept_url ?? '';
  const name = invitation?.full_name ?? '';
  return (
    <Modal opened={invitation !== null && url !== ''} onClose={onClose} title="Send the invitation yourself" centered>
      {invitation ? (
        <Stack>
          <Alert color="orange" role="status">
            {invitation.delivery === 'failed'
              ? `The e-mail to ${invitation.email} could not be sent.`
              : 'E-mail is not set up, so nothing was sent.'}{' '}
            Copy this link and send it to {name} yourself:
          </Alert>
          <Text size="sm" c="dimmed">
            Anyone with this link can set up the account, so send it only to {name} ({invitation.email}). It works
            until {formatDateTime(invitation.expires_at)} and is not shown again: if it gets lost, issue a new one.
          </Text>
          <ShownOnceSecret label={`Invitation link for ${name}`} value={url} copyLabel="Copy link" onDone={onClose} />
        </Stack>
      ) : null}
    </Modal>
  );
}
