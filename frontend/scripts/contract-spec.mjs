// Writes an OpenAPI 3.1 document describing the API contract the web app was
// written against (docs: frontend/README.md). It is only used to generate
// src/api/schema.d.ts while the backend's committed ../openapi.json does not
// exist yet; once it does, `npm run gen:api` uses the real spec instead.
import { writeFileSync } from 'node:fs';

const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const str = { type: 'string' };
const nullable = (s) => ({ anyOf: [s, { type: 'null' }] });
const uuid = { type: 'string', format: 'uuid' };
const dt = { type: 'string', format: 'date-time' };
const obj = (properties, required = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
const arr = (items) => ({ type: 'array', items });
const page = (item) => obj({ items: arr(ref(item)), next_cursor: nullable(str) });
const enm = (...values) => ({ type: 'string', enum: values });

const schemas = {
  Problem: obj(
    {
      type: str,
      title: str,
      status: { type: 'integer' },
      detail: str,
      request_id: str,
      errors: arr(obj({ field: str, message: str })),
    },
    ['type', 'title', 'status'],
  ),
  Role: enm('admin', 'trainer', 'client'),
  User: obj({
    id: uuid,
    email: str,
    full_name: str,
    role: ref('Role'),
    trainer_id: nullable(uuid),
    client_id: nullable(uuid),
  }),
  Me: obj({ user: ref('User'), csrf_token: str }),
  LoginIn: obj({ email: str, password: str }),
  PasswordChangeIn: obj({ current_password: str, new_password: str }),
  PasswordResetIn: obj({ email: str }),
  PasswordResetConfirmIn: obj({ token: str, new_password: str }),
  InvitationStatus: enm('pending', 'accepted', 'revoked', 'expired'),
  Invitation: obj({
    id: uuid,
    email: str,
    role: enm('admin', 'trainer', 'client'),
    full_name: nullable(str),
    status: ref('InvitationStatus'),
    expires_at: dt,
    created_at: dt,
    trainer_id: nullable(uuid),
    client_id: nullable(uuid),
    invited_by_id: nullable(uuid),
  }),
  InvitationIn: obj(
    { email: str, role: enm('trainer', 'client'), full_name: str, trainer_id: uuid, client_id: uuid },
    ['role'],
  ),
  InvitationPage: page('Invitation'),
  InvitationTokenIn: obj({ token: str }),
  InvitationPreview: obj({ email: str, role: ref('Role'), full_name: nullable(str) }),
  InvitationAcceptIn: obj({ token: str, password: str }),
  TokenScope: enm('read', 'write'),
  ApiToken: obj({
    id: uuid,
    name: str,
    scopes: arr(ref('TokenScope')),
    created_at: dt,
    expires_at: nullable(dt),
    last_used_at: nullable(dt),
  }),
  ApiTokenCreated: {
    allOf: [ref('ApiToken'), obj({ token: str })],
  },
  ApiTokenIn: obj({
    name: str,
    scopes: arr(ref('TokenScope')),
    expires_in_days: { type: 'integer', minimum: 1, maximum: 365 },
  }),
  ApiTokenPage: page('ApiToken'),
  ClientStatus: enm('lead', 'trial', 'active', 'paused', 'former'),
  Gender: enm('female', 'male', 'non_binary', 'other', 'prefer_not_to_say'),
  Address: obj({
    line1: nullable(str),
    line2: nullable(str),
    city: nullable(str),
    region: nullable(str),
    postal_code: nullable(str),
    country: nullable(str),
  }),
  EmergencyContact: obj({ name: str, phone: str, relationship: nullable(str) }),
  ClientTrainer: obj({ trainer_id: uuid, full_name: str, is_primary: { type: 'boolean' } }),
  Client: obj({
    id: uuid,
    first_name: str,
    last_name: str,
    full_name: str,
    email: nullable(str),
    phone: nullable(str),
    date_of_birth: nullable({ type: 'string', format: 'date' }),
    gender: nullable(ref('Gender')),
    address: nullable(ref('Address')),
    emergency_contact: nullable(ref('EmergencyContact')),
    status: ref('ClientStatus'),
    source: nullable(str),
    tags: arr(str),
    notes: nullable(str),
    goals_summary: nullable(str),
    primary_trainer_id: nullable(uuid),
    trainers: arr(ref('ClientTrainer')),
    has_portal_access: { type: 'boolean' },
    archived_at: nullable(dt),
    created_at: dt,
    updated_at: dt,
  }),
  ClientIn: obj(
    {
      first_name: str,
      last_name: str,
      email: nullable(str),
      phone: nullable(str),
      date_of_birth: nullable({ type: 'string', format: 'date' }),
      gender: nullable(ref('Gender')),
      address: nullable(ref('Address')),
      emergency_contact: nullable(ref('EmergencyContact')),
      status: ref('ClientStatus'),
      source: nullable(str),
      tags: arr(str),
      notes: nullable(str),
      goals_summary: nullable(str),
      primary_trainer_id: nullable(uuid),
    },
    ['first_name', 'last_name'],
  ),
  ClientPage: page('Client'),
  HealthNotes: obj({
    medical_conditions: nullable(str),
    injuries: nullable(str),
    updated_at: nullable(dt),
  }),
  HealthNotesIn: obj({ medical_conditions: nullable(str), injuries: nullable(str) }),
  Assignment: obj({ trainer_id: uuid, trainer_name: str, is_primary: { type: 'boolean' }, created_at: dt }),
  AssignmentIn: obj({ is_primary: { type: 'boolean' } }),
  AssignmentList: obj({ items: arr(ref('Assignment')) }),
  Money: obj({ amount_minor: { type: 'integer' }, currency: enm('EUR') }),
  Trainer: obj({
    id: uuid,
    first_name: str,
    last_name: str,
    full_name: str,
    email: str,
    phone: nullable(str),
    bio: nullable(str),
    specialities: arr(str),
    certifications: arr(str),
    hourly_rate: nullable(ref('Money')),
    active: { type: 'boolean' },
    client_count: { type: 'integer' },
    has_account: { type: 'boolean' },
    created_at: dt,
    updated_at: dt,
  }),
  TrainerIn: obj(
    {
      first_name: str,
      last_name: str,
      email: str,
      phone: nullable(str),
      bio: nullable(str),
      specialities: arr(str),
      certifications: arr(str),
      hourly_rate: nullable(ref('Money')),
      active: { type: 'boolean' },
    },
    ['first_name', 'last_name', 'email'],
  ),
  TrainerPage: page('Trainer'),
  AuditEvent: obj({
    id: uuid,
    occurred_at: dt,
    actor_id: nullable(uuid),
    actor_email: nullable(str),
    action: str,
    object_type: nullable(str),
    object_id: nullable(str),
    ip: nullable(str),
    request_id: nullable(str),
  }),
  AuditEventPage: page('AuditEvent'),
};
// PATCH bodies: every writable field optional.
schemas.ClientUpdate = { ...schemas.ClientIn, required: [] };
schemas.TrainerUpdate = { ...schemas.TrainerIn, required: [] };

const problem = (description) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});
const json = (schema, description = 'OK', headers) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: typeof schema === 'string' ? ref(schema) : schema } },
});
const etag = { ETag: { schema: str } };
const noContent = { description: 'No content' };
const body = (name) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const errors = {
  401: problem('Not signed in'),
  403: problem('Forbidden'),
  404: problem('Not found'),
  422: problem('Validation error'),
};
const pathParam = (name) => ({ name, in: 'path', required: true, schema: uuid });
const q = (name, schema = str) => ({ name, in: 'query', required: false, schema });
const paging = [q('limit', { type: 'integer', minimum: 1, maximum: 100 }), q('cursor')];
const ifMatch = { name: 'If-Match', in: 'header', required: true, schema: str };

const op = (summary, { params = [], req, ok, status = 200, extra = {} } = {}) => ({
  summary,
  ...(params.length ? { parameters: params } : {}),
  ...(req ? { requestBody: body(req) } : {}),
  responses: { [status]: ok ?? noContent, ...errors, ...extra },
});

const paths = {
  '/api/v1/auth/login': {
    post: op('Sign in', {
      req: 'LoginIn',
      ok: json('Me'),
      extra: { 429: problem('Too many attempts') },
    }),
  },
  '/api/v1/auth/logout': { post: op('Sign out', { status: 204 }) },
  '/api/v1/auth/me': { get: op('Current user', { ok: json('Me') }) },
  '/api/v1/auth/password': { post: op('Change password', { req: 'PasswordChangeIn', status: 204 }) },
  '/api/v1/auth/password-reset': {
    post: op('Request a password reset', { req: 'PasswordResetIn', status: 202 }),
  },
  '/api/v1/auth/password-reset/confirm': {
    post: op('Set a new password with a reset token', {
      req: 'PasswordResetConfirmIn',
      status: 204,
      extra: { 400: problem('Invalid token'), 410: problem('Expired token') },
    }),
  },
  '/api/v1/auth/invitations': {
    get: op('List invitations', { params: paging, ok: json('InvitationPage') }),
    post: op('Invite someone', { req: 'InvitationIn', ok: json('Invitation', 'Created'), status: 201 }),
  },
  '/api/v1/auth/invitations/{id}': {
    delete: op('Revoke an invitation', { params: [pathParam('id')], status: 204 }),
  },
  '/api/v1/auth/invitations/preview': {
    post: op('Preview an invitation', {
      req: 'InvitationTokenIn',
      ok: json('InvitationPreview'),
      extra: { 410: problem('Expired or used') },
    }),
  },
  '/api/v1/auth/invitations/accept': {
    post: op('Accept an invitation', {
      req: 'InvitationAcceptIn',
      ok: json('Me'),
      extra: { 410: problem('Expired or used') },
    }),
  },
  '/api/v1/auth/tokens': {
    get: op('List API tokens', { params: paging, ok: json('ApiTokenPage') }),
    post: op('Create an API token', { req: 'ApiTokenIn', ok: json('ApiTokenCreated', 'Created'), status: 201 }),
  },
  '/api/v1/auth/tokens/{id}': {
    delete: op('Revoke an API token', { params: [pathParam('id')], status: 204 }),
  },
  '/api/v1/clients': {
    get: op('List clients', {
      params: [
        q('q'),
        q('status', ref('ClientStatus')),
        q('tag'),
        q('trainer_id', uuid),
        q('archived', { type: 'boolean' }),
        q('sort', enm('name', '-name', 'created_at', '-created_at', 'status')),
        ...paging,
      ],
      ok: json('ClientPage'),
    }),
    post: op('Create a client', { req: 'ClientIn', ok: json('Client', 'Created', etag), status: 201 }),
  },
  '/api/v1/clients/{id}': {
    get: op('Get a client', { params: [pathParam('id')], ok: json('Client', 'OK', etag) }),
    patch: op('Update a client', {
      params: [pathParam('id'), ifMatch],
      req: 'ClientUpdate',
      ok: json('Client', 'OK', etag),
      extra: { 409: problem('Changed by someone else'), 428: problem('If-Match required') },
    }),
  },
  '/api/v1/clients/{id}/archive': {
    post: op('Archive a client', { params: [pathParam('id')], ok: json('Client') }),
  },
  '/api/v1/clients/{id}/restore': {
    post: op('Restore a client', { params: [pathParam('id')], ok: json('Client') }),
  },
  '/api/v1/clients/{id}/health': {
    get: op('Health notes', { params: [pathParam('id')], ok: json('HealthNotes') }),
    put: op('Replace health notes', { params: [pathParam('id')], req: 'HealthNotesIn', ok: json('HealthNotes') }),
  },
  '/api/v1/clients/{id}/trainers': {
    get: op('Assigned trainers', { params: [pathParam('id')], ok: json('AssignmentList') }),
  },
  '/api/v1/clients/{id}/trainers/{trainer_id}': {
    put: op('Assign a trainer', {
      params: [pathParam('id'), pathParam('trainer_id')],
      req: 'AssignmentIn',
      ok: json('Assignment'),
    }),
    delete: op('Unassign a trainer', { params: [pathParam('id'), pathParam('trainer_id')], status: 204 }),
  },
  '/api/v1/trainers': {
    get: op('List trainers', {
      params: [
        q('q'),
        q('active', { type: 'boolean' }),
        q('sort', enm('name', '-name', 'created_at', '-created_at')),
        ...paging,
      ],
      ok: json('TrainerPage'),
    }),
    post: op('Create a trainer', { req: 'TrainerIn', ok: json('Trainer', 'Created', etag), status: 201 }),
  },
  '/api/v1/trainers/{id}': {
    get: op('Get a trainer', { params: [pathParam('id')], ok: json('Trainer', 'OK', etag) }),
    patch: op('Update a trainer', {
      params: [pathParam('id'), ifMatch],
      req: 'TrainerUpdate',
      ok: json('Trainer', 'OK', etag),
      extra: { 409: problem('Changed by someone else'), 428: problem('If-Match required') },
    }),
  },
  '/api/v1/audit-events': {
    get: op('Audit log', { params: paging, ok: json('AuditEventPage') }),
  },
};

const doc = {
  openapi: '3.1.0',
  info: { title: 'FitnessCRM (contract used by the web app)', version: '0' },
  paths,
  components: { schemas },
};
const out = process.argv[2] ?? 'contract.openapi.json';
writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
