import { Autocomplete, Button, Card, FileButton, Group, Image, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { useBusinessForEdit, useRemoveLogo, useSaveBusiness, useUploadLogo } from '../../api/hooks/business';
import type { Versioned } from '../../api/client';
import { MAX_LENGTH } from '../../api/limits';
import type { Business } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { CURRENCIES, formatMoney } from '../../lib/money';
import { notify } from '../../lib/notify';
import { useServerForm } from '../../lib/useServerForm';

const FIELDS = ['name', 'timezone', 'currency', 'locale'] as const;
// Suggestions only: any locale the server knows is accepted.
const COMMON_LOCALES = [
  'en-GB', 'en-US', 'en-IE', 'en-AU', 'en-CA', 'en-NZ', 'de-DE', 'de-AT', 'de-CH', 'fr-FR', 'fr-CA', 'es-ES',
  'es-MX', 'it-IT', 'nl-NL', 'pt-PT', 'pt-BR', 'sv-SE', 'da-DK', 'nb-NO', 'fi-FI', 'pl-PL', 'ja-JP',
];

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

function currencyOptions(): { value: string; label: string }[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(['en'], { type: 'currency' });
  } catch {
    names = null;
  }
  return CURRENCIES.map((code) => ({ value: code, label: `${code}: ${names?.of(code) ?? code}` }));
}

function toFormValues(business: Business) {
  return { name: business.name, timezone: business.timezone, currency: business.currency, locale: business.locale };
}

/** "£1,234.50": how prices will be written with these settings (empty for a locale the browser cannot use). */
function pricePreview(currency: string, locale: string): string {
  try {
    Intl.getCanonicalLocales(locale);
  } catch {
    return '';
  }
  return formatMoney(123450, currency, locale);
}

function SettingsForm({ versioned }: { versioned: Versioned<Business> }) {
  const business = versioned.data;
  const save = useSaveBusiness();
  const form = useForm({
    initialValues: toFormValues(business),
    validate: { name: (v) => (v.trim() ? null : 'Enter the business name.') },
  });
  const server = useServerForm(form, FIELDS);
  useEffect(() => form.setValues(toFormValues(business)), [business]); // eslint-disable-line react-hooks/exhaustive-deps
  const zones = timeZones();
  const preview = pricePreview(form.values.currency, form.values.locale);
  const submit = form.onSubmit((v) =>
    void server
      .run(() => save.mutateAsync({ etag: versioned.etag, body: { ...v, name: v.name.trim(), locale: v.locale.trim() } }))
      .then((ok) => ok && notify({ color: 'green', message: 'Business settings saved.' })),
  );
  return (
    <form onSubmit={submit} noValidate aria-label="Business settings">
      <Stack>
        <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Business name" required maxLength={MAX_LENGTH.BusinessIn.name} {...form.getInputProps('name')} />
          {zones.length ? (
            <Select label="Time zone" description="Hours, classes and workout dates are in this zone" searchable data={zones} allowDeselect={false} {...form.getInputProps('timezone')} />
          ) : (
            <TextInput label="Time zone" maxLength={MAX_LENGTH.BusinessIn.timezone} {...form.getInputProps('timezone')} />
          )}
          <Select label="Currency" description="Prices and fees are in this currency" searchable data={currencyOptions()} allowDeselect={false} {...form.getInputProps('currency')} />
          <Autocomplete
            label="Locale"
            description={preview ? `How numbers and money are written: ${preview}` : 'A language tag such as en-GB or de-DE'}
            data={COMMON_LOCALES}
            maxLength={MAX_LENGTH.BusinessIn.locale}
            {...form.getInputProps('locale')}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          Changing the currency does not convert prices and fees already entered: check them on the Booking rules tab.
        </Text>
        <Group>
          <Button type="submit" loading={save.isPending}>
            Save business settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function LogoSection({ business }: { business: Business }) {
  const upload = useUploadLogo();
  const remove = useRemoveLogo();
  const choose = (file: File | null) => {
    if (!file) return;
    upload.mutate(file, { onSuccess: () => notify({ color: 'green', message: 'Logo uploaded.' }) });
  };
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Logo
      </Title>
      <Text size="sm" c="dimmed">
        Shown on the sign-in page and beside the business name. A JPEG, PNG or WebP image up to 2 MB; it is shrunk to
        fit 512 pixels and a transparent background is kept.
      </Text>
      {business.logo_url ? (
        <Image src={business.logo_url} alt={`${business.name} logo`} h={64} w="auto" fit="contain" maw={256} />
      ) : (
        <Text size="sm">No logo yet.</Text>
      )}
      <ErrorAlert error={upload.error ?? remove.error} title="The logo was not changed" />
      <Group>
        <FileButton onChange={choose} accept="image/jpeg,image/png,image/webp">
          {(props) => (
            <Button variant="default" loading={upload.isPending} {...props}>
              {business.logo_url ? 'Replace logo' : 'Upload logo'}
            </Button>
          )}
        </FileButton>
        {business.logo_url ? (
          <Button variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
            Remove logo
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}

export function BusinessCard() {
  const business = useBusinessForEdit();
  if (business.isPending) return <PageLoader label="Loading business settings" />;
  if (business.error) return <ErrorAlert error={business.error} onRetry={() => void business.refetch()} />;
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="xl">
        <SettingsForm versioned={business.data} />
        <LogoSection business={business.data.data} />
      </Stack>
    </Card>
  );
}
