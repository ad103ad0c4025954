import { Button, Group, NumberInput, SimpleGrid, Stack, Switch, TagsInput, Textarea, TextInput } from '@mantine/core';
import { isEmail, isNotEmpty, useForm } from '@mantine/form';
import { useEffect } from 'react';
import type { Trainer, TrainerIn } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { currencyDigits, currencySymbol, majorToMinor, minorToMajor } from '../../lib/money';
import { focusFirstError, useServerForm } from '../../lib/useServerForm';
import { MAX_LENGTH } from '../../api/limits';

export interface TrainerFormValues {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  bio: string;
  specialities: string[];
  certifications: string[];
  /** Major units (12.50) as typed; '' when not set. */
  hourly_rate: number | string;
  /** The rate's currency (kept from the stored rate; the business's for a new one). */
  hourly_rate_currency: string;
  active: boolean;
}

const TRAINER_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'bio',
  'specialities',
  'certifications',
  'hourly_rate', // hourly_rate.amount_minor falls back to the one input
  'active',
];

/** Fields a trainer may change on their own profile. */
export const SELF_EDITABLE: (keyof TrainerIn)[] = ['phone', 'bio', 'specialities', 'certifications'];

export const emptyTrainerForm: TrainerFormValues = {
  first_name: '',
  last_name: '',
  email: '',
  phone: '',
  bio: '',
  specialities: [],
  certifications: [],
  hourly_rate: '',
  hourly_rate_currency: 'EUR',
  active: true,
};

/** `currency`: the one a rate is entered in when the trainer has none yet (the business's). */
export function trainerToForm(t: Trainer, currency: string): TrainerFormValues {
  return {
    first_name: t.first_name,
    last_name: t.last_name,
    email: t.email,
    phone: t.phone ?? '',
    bio: t.bio ?? '',
    specialities: [...t.specialities],
    certifications: [...t.certifications],
    hourly_rate: t.hourly_rate ? minorToMajor(t.hourly_rate.amount_minor, t.hourly_rate.currency) : '',
    hourly_rate_currency: t.hourly_rate?.currency ?? currency,
    active: t.active,
  };
}

export function formToTrainerIn(v: TrainerFormValues): TrainerIn {
  const rate = majorToMinor(v.hourly_rate, v.hourly_rate_currency);
  return {
    first_name: v.first_name.trim(),
    last_name: v.last_name.trim(),
    email: v.email.trim(),
    phone: v.phone.trim() || null,
    bio: v.bio.trim() || null,
    specialities: v.specialities,
    certifications: v.certifications,
    hourly_rate: rate === null ? null : { amount_minor: rate, currency: v.hourly_rate_currency },
    active: v.active,
  };
}

export function TrainerForm({
  initialValues,
  limited = false,
  submitLabel,
  onSubmit,
  onCancel,
  onReload,
  resetToken,
}: {
  initialValues: TrainerFormValues;
  /** A trainer editing their own profile: only bio, phone, specialities, certifications. */
  limited?: boolean;
  submitLabel: string;
  onSubmit: (body: TrainerIn) => Promise<unknown>;
  onCancel?: () => void;
  onReload?: () => Promise<unknown> | void;
  resetToken?: string;
}) {
  const form = useForm<TrainerFormValues>({
    mode: 'uncontrolled',
    initialValues,
    validate: limited
      ? {}
      : {
          first_name: isNotEmpty('First name is required'),
          last_name: isNotEmpty('Last name is required'),
          email: isEmail('Enter a valid e-mail address'),
        },
  });
  const server = useServerForm(form, TRAINER_FIELDS);

  useEffect(() => {
    if (resetToken === undefined) return;
    form.setInitialValues(initialValues);
    form.setValues(initialValues);
    form.clearErrors();
    server.clear();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetToken]);

  const submit = form.onSubmit(
    (values) => void server.run(() => onSubmit(formToTrainerIn(values))),
    (errors) => focusFirstError(errors),
  );

  return (
    <form onSubmit={submit} noValidate aria-label="Trainer details">
      <Stack>
        <FormErrorAlert
          error={server.error}
          otherErrors={server.otherErrors}
          entity="trainer"
          onReload={onReload ? () => void onReload() : undefined}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {!limited ? (
            <>
              <TextInput label="First name" required key={form.key('first_name')} {...form.getInputProps('first_name')} maxLength={MAX_LENGTH.TrainerIn.first_name} />
              <TextInput label="Last name" required key={form.key('last_name')} {...form.getInputProps('last_name')} maxLength={MAX_LENGTH.TrainerIn.last_name} />
              <TextInput label="E-mail" type="email" required key={form.key('email')} {...form.getInputProps('email')} />
            </>
          ) : null}
          <TextInput label="Phone" type="tel" key={form.key('phone')} {...form.getInputProps('phone')} maxLength={MAX_LENGTH.TrainerIn.phone} />
          {!limited ? (
            <NumberInput
              label={`Hourly rate (${initialValues.hourly_rate_currency})`}
              min={0}
              decimalScale={currencyDigits(initialValues.hourly_rate_currency)}
              fixedDecimalScale
              prefix={`${currencySymbol(initialValues.hourly_rate_currency)} `}
              allowNegative={false}
              key={form.key('hourly_rate')}
              {...form.getInputProps('hourly_rate')}
            />
          ) : null}
        </SimpleGrid>
        <Textarea label="Bio" autosize minRows={3} key={form.key('bio')} {...form.getInputProps('bio')} maxLength={MAX_LENGTH.TrainerIn.bio} />
        <TagsInput
          label="Specialities"
          description="Press Enter after each one"
          key={form.key('specialities')}
          {...form.getInputProps('specialities')}
        />
        <TagsInput
          label="Certifications"
          description="Press Enter after each one"
          key={form.key('certifications')}
          {...form.getInputProps('certifications')}
        />
        {!limited ? (
          <Switch
            label="Active (can be assigned to clients)"
            description="Switching a trainer off also switches off their login: they are signed out at once."
            key={form.key('active')}
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
        ) : null}
        <Group justify="flex-end">
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
          <Button type="submit" loading={form.submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
