import {
  Button,
  Fieldset,
  Group,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Textarea,
  TextInput,
} from '@mantine/core';
import { isNotEmpty, useForm } from '@mantine/form';
import { useEffect, useState } from 'react';
import { trainerSource } from '../../api/hooks/pickers';
import type { ClientIn } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { SearchSelect } from '../../components/SearchSelect';
import { CLIENT_STATUS_LABELS, GENDER_LABELS, regionName, toOptions } from '../../lib/format';
import { focusFirstError, useServerForm } from '../../lib/useServerForm';
import { CLIENT_FORM_FIELDS, formToClientIn, type ClientFormValues } from './clientFormValues';
import { MAX_LENGTH } from '../../api/limits';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function ClientForm({
  initialValues,
  submitLabel,
  onSubmit,
  onCancel,
  onReload,
  resetToken,
  chooseTrainer = false,
  emailLocked = false,
}: {
  initialValues: ClientFormValues;
  submitLabel: string;
  /** Receives the full ClientIn; resolves on success, rejects with ApiError. */
  onSubmit: (body: ClientIn) => Promise<unknown>;
  onCancel?: () => void;
  /** Shown with a 409 "changed by someone else" error. */
  onReload?: () => Promise<unknown> | void;
  /** Changing this value resets the form to `initialValues` (after a reload). */
  resetToken?: string;
  /** Offers a primary trainer picker (an admin creating a client). */
  chooseTrainer?: boolean;
  /** The e-mail is shown but not editable (a trainer editing a client: their portal invitation goes there). */
  emailLocked?: boolean;
}) {
  const me = useMe();
  const form = useForm<ClientFormValues>({
    mode: 'uncontrolled',
    initialValues,
    validate: {
      first_name: isNotEmpty('First name is required'),
      last_name: isNotEmpty('Last name is required'),
      email: (v) => (v.trim() && !EMAIL_RE.test(v.trim()) ? 'Enter a valid e-mail address' : null),
      address: {
        country: (v) => (v.trim() && !/^[A-Za-z]{2}$/.test(v.trim()) ? 'Use the two-letter country code, e.g. DE' : null),
      },
      date_of_birth: (v) => (v && !/^\d{4}-\d{2}-\d{2}$/.test(v) ? 'Use the format YYYY-MM-DD' : null),
      emergency_contact: {
        name: (v, values) =>
          !v.trim() && (values.emergency_contact.phone.trim() || values.emergency_contact.relationship.trim())
            ? 'Name is required for an emergency contact'
            : null,
      },
    },
  });
  const server = useServerForm(form, CLIENT_FORM_FIELDS);
  const [primaryTrainer, setPrimaryTrainer] = useState(initialValues.primary_trainer_id);

  useEffect(() => {
    if (resetToken === undefined) return;
    form.setInitialValues(initialValues);
    form.setValues(initialValues);
    form.resetDirty(initialValues);
    form.clearErrors();
    server.clear();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetToken]);

  const submit = form.onSubmit(
    (values) => void server.run(() => onSubmit(formToClientIn(values))),
    (errors) => focusFirstError(errors),
  );

  return (
    <form onSubmit={submit} noValidate aria-label="Client details">
      <Stack>
        <FormErrorAlert
          error={server.error}
          otherErrors={server.otherErrors}
          entity="client"
          onReload={onReload ? () => void onReload() : undefined}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="First name" required autoComplete="off" key={form.key('first_name')} {...form.getInputProps('first_name')} maxLength={MAX_LENGTH.ClientIn.first_name} />
          <TextInput label="Last name" required autoComplete="off" key={form.key('last_name')} {...form.getInputProps('last_name')} maxLength={MAX_LENGTH.ClientIn.last_name} />
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="off"
            readOnly={emailLocked}
            description={emailLocked ? 'Only an admin can change it: the portal invitation goes there.' : undefined}
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
          <TextInput
            label="Phone"
            type="tel"
            description={`International format (+49 30 1234567), or national for ${regionName(me.default_phone_region)}`}
            autoComplete="off"
            key={form.key('phone')}
            {...form.getInputProps('phone')} maxLength={MAX_LENGTH.ClientIn.phone}
          />
          <TextInput label="Date of birth" type="date" key={form.key('date_of_birth')} {...form.getInputProps('date_of_birth')} />
          <Select
            label="Gender"
            data={toOptions(GENDER_LABELS)}
            clearable
            placeholder="Not specified"
            key={form.key('gender')}
            {...form.getInputProps('gender')}
          />
          <Select
            label="Status"
            data={toOptions(CLIENT_STATUS_LABELS)}
            allowDeselect={false}
            key={form.key('status')}
            {...form.getInputProps('status')}
          />
          <TextInput
            label="Source"
            description="Where the client came from (referral, website…)"
            key={form.key('source')}
            {...form.getInputProps('source')} maxLength={MAX_LENGTH.ClientIn.source}
          />
          {chooseTrainer ? (
            <SearchSelect
              label="Primary trainer"
              source={trainerSource()}
              clearable
              placeholder="None yet"
              noItemsMessage="No active trainers"
              value={primaryTrainer}
              onChange={(id) => {
                // The form is uncontrolled: the picker keeps its own value and hands it to the form.
                setPrimaryTrainer(id);
                form.setFieldValue('primary_trainer_id', id);
              }}
              error={form.errors.primary_trainer_id}
            />
          ) : null}
        </SimpleGrid>
        <TagsInput
          label="Tags"
          description="Press Enter after each tag"
          clearable
          key={form.key('tags')}
          {...form.getInputProps('tags')}
        />
        <Textarea label="Goals" autosize minRows={2} key={form.key('goals_summary')} {...form.getInputProps('goals_summary')} maxLength={MAX_LENGTH.ClientIn.goals_summary} />
        <Textarea label="Notes" autosize minRows={2} key={form.key('notes')} {...form.getInputProps('notes')} maxLength={MAX_LENGTH.ClientIn.notes} />

        <Fieldset legend="Address">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Address line 1" key={form.key('address.line1')} {...form.getInputProps('address.line1')} maxLength={MAX_LENGTH.ClientIn['address.line1']} />
            <TextInput label="Address line 2" key={form.key('address.line2')} {...form.getInputProps('address.line2')} maxLength={MAX_LENGTH.ClientIn['address.line2']} />
            <TextInput label="Town or city" key={form.key('address.city')} {...form.getInputProps('address.city')} maxLength={MAX_LENGTH.ClientIn['address.city']} />
            <TextInput label="County, state or region" key={form.key('address.region')} {...form.getInputProps('address.region')} maxLength={MAX_LENGTH.ClientIn['address.region']} />
            <TextInput label="Postal code" key={form.key('address.postal_code')} {...form.getInputProps('address.postal_code')} maxLength={MAX_LENGTH.ClientIn['address.postal_code']} />
            <TextInput
              label="Country"
              description="Two-letter code, e.g. DE"
              maxLength={MAX_LENGTH.ClientIn['address.country']}
              key={form.key('address.country')} {...form.getInputProps('address.country')} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Emergency contact">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Contact name" key={form.key('emergency_contact.name')} {...form.getInputProps('emergency_contact.name')} maxLength={MAX_LENGTH.ClientIn['emergency_contact.name']} />
            <TextInput
              label="Contact phone"
              type="tel"
              key={form.key('emergency_contact.phone')}
              {...form.getInputProps('emergency_contact.phone')} maxLength={MAX_LENGTH.ClientIn['emergency_contact.phone']}
            />
            <TextInput
              label="Relationship"
              key={form.key('emergency_contact.relationship')}
              {...form.getInputProps('emergency_contact.relationship')} maxLength={MAX_LENGTH.ClientIn['emergency_contact.relationship']}
            />
          </SimpleGrid>
        </Fieldset>

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
