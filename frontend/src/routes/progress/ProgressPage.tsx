import { Alert, Anchor } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useClient } from '../../api/hooks/clients';
import { useMe } from '../../auth/AuthContext';
import { PageHeader } from '../../components/PageHeader';
import { ProgressDashboard } from './ProgressDashboard';

/** The client's own progress (/progress) or, for staff, a client's (/clients/:clientId/progress). */
export default function ProgressPage() {
  const me = useMe();
  const { clientId: routeClientId } = useParams();
  const clientId = routeClientId ?? me.user.client_id;
  const client = useClient(routeClientId ?? null);
  if (!clientId) return <Alert color="orange">Your account is not linked to a client record yet.</Alert>;
  const name = client.data?.data.full_name;
  return (
    <>
      {routeClientId ? (
        <Anchor component={Link} to={`/clients/${routeClientId}`} size="sm">
          ← {name ?? 'Client'}
        </Anchor>
      ) : null}
      <PageHeader title={routeClientId ? `Progress${name ? ` · ${name}` : ''}` : 'My progress'} documentTitle="Progress" />
      <ProgressDashboard clientId={clientId} canEdit isClient={me.user.role === 'client'} />
    </>
  );
}
