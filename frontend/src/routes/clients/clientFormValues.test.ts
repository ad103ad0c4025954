import { describe, expect, it } from 'vitest';
import type { Client } from '../../api/types';
import { changedFields, clientToForm, emptyClientForm, formToClientIn } from './clientFormValues';

const client: Client = {
  id: '7d2d1f5e-0000-4000-8000-000000000001',
  first_name: 'Ann',
  last_name: 'Lee',
  full_name: 'Ann Lee',
  email: 'ann@example.com',
  phone: '+4930123456',
  date_of_birth: '1990-04-01',
  gender: 'female',
  address: null,
  emergency_contact: { name: 'Bo Lee', phone: '+4930999999', relationship: null },
  status: 'active',
  source: null,
  tags: ['vip'],
  notes: null,
  goals_summary: 'Run 10k',
  primary_trainer_id: null,
  trainers: [],
  has_portal_access: false,
  archived_at: null,
  created_at: '2025-01-01T10:00:00Z',
  updated_at: '2025-01-02T10:00:00Z',
};

describe('client form values', () => {
  it('round-trips a client, turning empty fields into null', () => {
    const body = formToClientIn(clientToForm(client));
    expect(body).toMatchObject({
      first_name: 'Ann',
      email: 'ann@example.com',
      address: null,
      source: null,
      emergency_contact: { name: 'Bo Lee', phone: '+4930999999', relationship: null },
    });
  });

  it('sends an address only when something was entered, trimmed', () => {
    const body = formToClientIn({
      ...emptyClientForm,
      first_name: ' Ann ',
      last_name: 'Lee',
      address: { ...emptyClientForm.address, city: ' Berlin ' },
    });
    expect(body.first_name).toBe('Ann');
    expect(body.address).toEqual({ line1: null, line2: null, city: 'Berlin', region: null, postal_code: null, country: null });
    expect(body.emergency_contact).toBeNull();
  });

  it('lists only changed top-level fields for a PATCH', () => {
    const before = formToClientIn(clientToForm(client));
    const after = formToClientIn({ ...clientToForm(client), phone: '030 1234', tags: ['vip', 'morning'] });
    expect(changedFields(before, after)).toEqual({ phone: '030 1234', tags: ['vip', 'morning'] });
  });
});
