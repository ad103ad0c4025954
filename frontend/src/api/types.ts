// Friendly names for the types generated from ../openapi.json (`npm run gen:api`).
// If the backend renames a schema, only this file needs to change.
import type { components, paths } from './schema';

type Schemas = components['schemas'];

/**
 * openapi-typescript (with its default `defaultNonNullable`, which `make check-spec`
 * also uses) marks every property that has a server-side default as required, even in
 * request bodies. The server accepts them omitted, so request types loosen that here.
 */
type Loose<T, Required extends keyof T = never> = Partial<T> & Pick<T, Required>;

/** The server's problem document (RFC 9457). See ./problem.ts for the normalised form. */
export type ServerProblem = Schemas['HTTPError'];
export type Me = Schemas['MeOut'];
export type User = Schemas['MeOut.UserOut'];
export type Role = User['role'];

export type Client = Schemas['ClientOut'];
export type ClientIn = Loose<Schemas['ClientIn'], 'first_name' | 'last_name'>;
export type ClientUpdate = Loose<Schemas['ClientUpdate']>;
export type ClientStatus = Client['status'];
export type Gender = NonNullable<Client['gender']>;
export type HealthNotes = Schemas['HealthOut'];
export type Assignment = Schemas['AssignmentOut'];

export type Trainer = Schemas['TrainerOut'];
export type TrainerIn = Loose<Schemas['TrainerIn'], 'first_name' | 'last_name' | 'email'>;
export type TrainerUpdate = Loose<Schemas['TrainerUpdate']>;

export type Invitation = Schemas['InvitationOut'];
export type InvitationIn = Loose<Schemas['InvitationIn'], 'role'>;
export type InvitationPreview = Schemas['InvitationPreviewOut'];

export type ApiToken = Schemas['ApiTokenList.ApiTokenOut'];
export type ApiTokenCreated = Schemas['ApiTokenCreatedOut'];
export type TokenScope = Schemas['ApiTokenIn']['scopes'][number];

export type HealthIn = Loose<Schemas['HealthIn']>;
export type ApiTokenIn = Loose<Schemas['ApiTokenIn'], 'name' | 'scopes'>;

/** Request body types exactly as generated, for the casts in ./hooks. */
export type { Schemas as GeneratedSchemas };

export type AuditEvent = Schemas['AuditEventList.AuditEventOut'];

type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

export type ClientSort = NonNullable<QueryOf<'/api/v1/clients'>['sort']>;
export type TrainerSort = NonNullable<QueryOf<'/api/v1/trainers'>['sort']>;
