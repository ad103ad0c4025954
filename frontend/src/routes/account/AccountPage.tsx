import { Alert, Card, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useUpdatePreferences } from '../../api/hooks/auth';
import { useMe } from '../../auth/AuthContext';
import { DescriptionList } from '../../components/DescriptionList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { ROLE_LABELS } from '../../lib/format';
import { ApiTokensCard } from './ApiTokensCard';
import { ChangePasswordCard } from './ChangePasswordCard';
import { SignedInDevicesCard } from './SignedInDevicesCard';
import { TwoFactorCard } from './TwoFactorCard';

export default function AccountPage() {
  const { user, two_factor_setup_required: setupRequired } = useMe();
  const preferences = useUpdatePreferences();
  return (
    <Stack>
      <PageHeader title="Account" />
      {setupRequired ? (
        <Alert color="orange" title="Set up two-factor sign-in to continue" role="alert">
          Your business requires a second factor for your role. Set it up under “Two-factor sign-in” below; the rest
          of the app opens as soon as it is on.
        </Alert>
      ) : null}
      {/* Keyed, so that moving the card up while a set-up is required keeps its state (the recovery codes it
          shows once) when the requirement is met and it moves back. Until then the other cards' routes answer
          403, so they are not shown. */}
      {setupRequired ? <TwoFactorCard key="two-factor" /> : null}
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
      {setupRequired ? null : (
        <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="units-heading">
          <Title order={2} fz="h4" mb="xs" id="units-heading">
            Units
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Loads and measurements are shown and entered in these units; they are stored exactly either way.
          </Text>
          <SegmentedControl
            aria-labelledby="units-heading"
            value={user.unit_system}
            disabled={preferences.isPending}
            onChange={(value) => preferences.mutate({ unit_system: value === 'imperial' ? 'imperial' : 'metric' })}
            data={[
              { value: 'metric', label: 'Metric (kg, cm)' },
              { value: 'imperial', label: 'Imperial (lb, in)' },
            ]}
          />
          {preferences.error ? <ErrorAlert error={preferences.error} /> : null}
        </Card>
      )}
      {setupRequired ? null : <ChangePasswordCard />}
      {setupRequired ? null : <TwoFactorCard key="two-factor" />}
      {setupRequired ? null : <SignedInDevicesCard />}
      {setupRequired ? null : <ApiTokensCard />}
    </Stack>
  );
}
