// Friendly names for the generated OpenAPI schema types. If the backend renames
// a schema, only this file (and the endpoint paths in ./hooks) need to change.
import type { components } from './schema';

type Schemas = components['schemas'];

export type Problem = Schemas['Problem'];
export type Me = Schemas['Me'];
export type User = Schemas['User'];
export type Role = User['role'];

export type Client = Schemas['Client'];
export type ClientIn = Schemas['ClientIn'];
export type ClientUpdate = Schemas['ClientUpdate'];
export type ClientStatus = Client['status'];
export type Gender = NonNullable<Client['gender']>;
export type Address = NonNullable<Client['address']>;
export type EmergencyContact = NonNullable<Client['emergency_contact']>;
export type HealthNotes = Schemas['HealthNotes'];
export type Assignment = Schemas['Assignment'];

export type Trainer = Schemas['Trainer'];
export type TrainerIn = Schemas['TrainerIn'];
export type TrainerUpdate = Schemas['TrainerUpdate'];

export type Invitation = Schemas['Invitation'];
export type InvitationIn = Schemas['InvitationIn'];
export type InvitationPreview = Schemas['InvitationPreview'];

export type ApiToken = Schemas['ApiToken'];
export type ApiTokenCreated = Schemas['ApiTokenCreated'];
export type TokenScope = ApiToken['scopes'][number];

export type AuditEvent = Schemas['AuditEvent'];

/** Every list endpoint returns this envelope. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export type ClientSort = 'name' | '-name' | 'created_at' | '-created_at' | 'status';
export type TrainerSort = 'name' | '-name' | 'created_at' | '-created_at';
