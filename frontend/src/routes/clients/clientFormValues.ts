import type { Client, ClientIn, ClientStatus, Gender } from '../../api/types';

export interface ClientFormValues {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  date_of_birth: string;
  gender: Gender | null;
  status: ClientStatus;
  source: string;
  tags: string[];
  notes: string;
  goals_summary: string;
  /** Only used when creating a client (admin); assignments are managed on the detail page. */
  primary_trainer_id: string | null;
  address: { line1: string; line2: string; city: string; region: string; postal_code: string; country: string };
  emergency_contact: { name: string; phone: string; relationship: string };
}

/** Form paths the server's 422 `errors[].field` can be mapped onto. */
export const CLIENT_FORM_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'date_of_birth',
  'gender',
  'status',
  'source',
  'tags',
  'notes',
  'goals_summary',
  'primary_trainer_id',
  'address',
  'address.line1',
  'address.line2',
  'address.city',
  'address.region',
  'address.postal_code',
  'address.country',
  'emergency_contact',
  'emergency_contact.name',
  'emergency_contact.phone',
  'emergency_contact.relationship',
];

export const emptyClientForm: ClientFormValues = {
  first_name: '',
  last_name: '',
  email: '',
  phone: '',
  date_of_birth: '',
  gender: null,
  status: 'lead',
  source: '',
  tags: [],
  notes: '',
  goals_summary: '',
  primary_trainer_id: null,
  address: { line1: '', line2: '', city: '', region: '', postal_code: '', country: '' },
  emergency_contact: { name: '', phone: '', relationship: '' },
};

export function clientToForm(client: Client): ClientFormValues {
  const a = client.address;
  const ec = client.emergency_contact;
  return {
    first_name: client.first_name,
    last_name: client.last_name,
    email: client.email ?? '',
    phone: client.phone ?? '',
    date_of_birth: client.date_of_birth ?? '',
    gender: client.gender ?? null,
    status: client.status,
    source: client.source ?? '',
    tags: [...client.tags],
    notes: client.notes ?? '',
    goals_summary: client.goals_summary ?? '',
    primary_trainer_id: client.primary_trainer_id ?? null,
    address: {
      line1: a?.line1 ?? '',
      line2: a?.line2 ?? '',
      city: a?.city ?? '',
      region: a?.region ?? '',
      postal_code: a?.postal_code ?? '',
      country: a?.country ?? '',
    },
    emergency_contact: { name: ec?.name ?? '', phone: ec?.phone ?? '', relationship: ec?.relationship ?? '' },
  };
}

const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

export function formToClientIn(v: ClientFormValues): ClientIn {
  const addressValues = Object.values(v.address).map((s) => s.trim());
  const hasAddress = addressValues.some(Boolean);
  const ec = v.emergency_contact;
  const hasContact = [ec.name, ec.phone, ec.relationship].some((s) => s.trim() !== '');
  return {
    first_name: v.first_name.trim(),
    last_name: v.last_name.trim(),
    email: orNull(v.email),
    phone: orNull(v.phone),
    date_of_birth: orNull(v.date_of_birth),
    gender: v.gender,
    status: v.status,
    source: orNull(v.source),
    tags: v.tags.map((t) => t.trim()).filter(Boolean),
    notes: orNull(v.notes),
    goals_summary: orNull(v.goals_summary),
    primary_trainer_id: v.primary_trainer_id,
    address: hasAddress
      ? {
          line1: orNull(v.address.line1),
          line2: orNull(v.address.line2),
          city: orNull(v.address.city),
          region: orNull(v.address.region),
          postal_code: orNull(v.address.postal_code),
          country: orNull(v.address.country.toUpperCase()),
        }
      : null,
    emergency_contact: hasContact
      ? { name: ec.name.trim(), phone: orNull(ec.phone), relationship: orNull(ec.relationship) }
      : null,
  };
}

/** Only the top-level fields that differ: a PATCH should not resend untouched data. */
export function changedFields<T extends object>(before: T, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = after[key];
  }
  return out;
}
