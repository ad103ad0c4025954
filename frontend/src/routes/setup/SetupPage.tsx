import { Stack, Tabs } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { BookingRulesCard } from './BookingRulesCard';
import { BusinessCard } from './BusinessCard';
import { LocationsPanel } from './LocationsPanel';
import { ServicesPanel } from './ServicesPanel';

const TABS = ['locations', 'services', 'rules', 'business'] as const;

export default function SetupPage() {
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((t) => t === params.get('tab')) ?? 'locations';
  return (
    <Stack>
      <PageHeader title="Setup" />
      <Tabs value={tab} onChange={(v) => setParams({ tab: v ?? 'locations' }, { replace: true })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="locations">Locations and rooms</Tabs.Tab>
          <Tabs.Tab value="services">Services</Tabs.Tab>
          <Tabs.Tab value="rules">Booking rules</Tabs.Tab>
          <Tabs.Tab value="business">Business</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="locations">
          <LocationsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="services">
          <ServicesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="rules">
          <BookingRulesCard />
        </Tabs.Panel>
        <Tabs.Panel value="business">
          <BusinessCard />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
