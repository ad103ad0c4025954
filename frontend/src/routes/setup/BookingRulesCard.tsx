import { Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useEffect } from 'react';
import { useBusiness } from '../../api/hooks/business';
import { useBookingRulesForEdit, useSaveBookingRules } from '../../api/hooks/setup';
import type { Versioned } from '../../api/client';
import type { BookingRules, PenaltyPolicy } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { PageLoader } from '../../components/PageLoader';
import { currencyDigits, majorToMinor, minorToMajor } from '../../lib/money';
import { notify } from '../../lib/notify';
import { PENALTY_LABELS } from '../../lib/scheduling';
import { useServerForm } from '../../lib/useServerForm';

const FIELDS = [
  'min_notice_minutes', 'max_advance_days', 'cancellation_window_hours', 'late_cancel_policy',
  'late_cancel_fee_minor', 'no_show_policy', 'no_show_fee_minor', 'slot_interval_minutes',
] as const;

const policyOptions = (Object.keys(PENALTY_LABELS) as PenaltyPolicy[]).map((value) => ({ value, label: PENALTY_LABELS[value] }));

// The form takes fees in major units ("12.50"); the API keeps minor units.
const FEE_FIELDS = { late_cancel_fee_minor: 'late_cancel_fee', no_show_fee_minor: 'no_show_fee' } as const;

function toFormValues(rules: BookingRules, currency: string) {
  return {
    ...rules,
    late_cancel_fee: minorToMajor(rules.late_cancel_fee_minor, currency) as number | '',
    no_show_fee: minorToMajor(rules.no_show_fee_minor, currency) as number | '',
  };
}

/** Fees are in the business currency, set on the Business tab. */
function RulesForm({ versioned, currency }: { versioned: Versioned<BookingRules>; currency: string }) {
  const rules = versioned.data;
  const save = useSaveBookingRules();
  const form = useForm({ initialValues: toFormValues(rules, currency) });
  const server = useServerForm(form, FIELDS, FEE_FIELDS);
  useEffect(() => form.setValues(toFormValues(rules, currency)), [rules, currency]); // eslint-disable-line react-hooks/exhaustive-deps
  const feeInput = { min: 0, allowNegative: false, decimalScale: currencyDigits(currency), fixedDecimalScale: true };
  const feeLabel = (what: string) => `${what} (${currency})`;
  const submit = form.onSubmit((v) =>
    void server
      .run(() =>
        save.mutateAsync({
          etag: versioned.etag,
          body: {
            min_notice_minutes: Number(v.min_notice_minutes),
            max_advance_days: Number(v.max_advance_days),
            cancellation_window_hours: Number(v.cancellation_window_hours),
            late_cancel_policy: v.late_cancel_policy,
            late_cancel_fee_minor: majorToMinor(v.late_cancel_fee, currency) ?? 0,
            no_show_policy: v.no_show_policy,
            no_show_fee_minor: majorToMinor(v.no_show_fee, currency) ?? 0,
            slot_interval_minutes: Number(v.slot_interval_minutes),
          },
        }),
      )
      .then((ok) => ok && notify({ color: 'green', message: 'Booking rules saved.' })),
  );
  return (
    <Card withBorder radius="md" padding="lg">
      <form onSubmit={submit} noValidate aria-label="Booking rules">
        <Stack>
          <FormErrorAlert error={server.error} otherErrors={server.otherErrors} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NumberInput label="Slot grid (minutes)" min={5} max={240} allowDecimal={false} {...form.getInputProps('slot_interval_minutes')} />
            <NumberInput label="Minimum notice (minutes)" description="Clients book at least this long ahead" min={0} max={10080} allowDecimal={false} {...form.getInputProps('min_notice_minutes')} />
            <NumberInput label="Maximum advance (days)" description="Clients book at most this far ahead" min={1} max={730} allowDecimal={false} {...form.getInputProps('max_advance_days')} />
            <NumberInput label="Cancellation window (hours)" description="Cancelling later than this is a late cancellation" min={0} max={336} allowDecimal={false} {...form.getInputProps('cancellation_window_hours')} />
            <Select label="Late cancellation" data={policyOptions} allowDeselect={false} {...form.getInputProps('late_cancel_policy')} />
            <NumberInput label={feeLabel('Late-cancel fee')} description="e.g. 12.50" {...feeInput} disabled={form.values.late_cancel_policy !== 'fee'} {...form.getInputProps('late_cancel_fee')} />
            <Select label="No-show" data={policyOptions} allowDeselect={false} {...form.getInputProps('no_show_policy')} />
            <NumberInput label={feeLabel('No-show fee')} description="e.g. 20" {...feeInput} disabled={form.values.no_show_policy !== 'fee'} {...form.getInputProps('no_show_fee')} />
          </SimpleGrid>
          {!rules.updated_at ? (
            <Text size="sm" c="dimmed">
              These are the defaults; nobody has saved the rules yet.
            </Text>
          ) : null}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save booking rules
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function BookingRulesCard() {
  const rules = useBookingRulesForEdit();
  const business = useBusiness();
  if (rules.isPending || business.isPending) return <PageLoader label="Loading booking rules" />;
  if (rules.error || business.error) {
    const retry = () => void Promise.all([rules.refetch(), business.refetch()]);
    return <ErrorAlert error={rules.error ?? business.error} onRetry={retry} />;
  }
  return <RulesForm versioned={rules.data} currency={business.data.currency} />;
}
