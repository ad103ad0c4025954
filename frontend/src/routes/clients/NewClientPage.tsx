import { Anchor, Card, Stack } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useCreateClient } from '../../api/hooks/clients';
import { useMe } from '../../auth/AuthContext';
import type { ClientIn } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { ClientForm } from './ClientForm';
import { emptyClientForm } from './clientFormValues';
import { notify } from '../../lib/notify';

export default function NewClientPage() {
  const me = useMe();
  const isAdmin = me.user.role === 'admin';
  const create = useCreateClient();
  const navigate = useNavigate();
  const submit = async (body: ClientIn) => {
    const { data } = await create.mutateAsync(body);
    notify({ color: 'green', message: `${data.full_name} added` });
    navigate(`/clients/${data.id}`, { replace: true });
  };
  return (
    <Stack>
      <Anchor component={Link} to="/clients" size="sm">
        ← Clients
      </Anchor>
      <PageHeader title="New client" />
      <Card withBorder padding="lg" radius="md">
        <ClientForm
          initialValues={emptyClientForm}
          submitLabel="Create client"
          onSubmit={submit}
          onCancel={() => navigate('/clients')}
          chooseTrainer={isAdmin}
        />
      </Card>
    </Stack>
  );
}
