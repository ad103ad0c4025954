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

// ---- Scheduling ---------------------------------------------------------------------------------
// Named through the paths (schema component names shift when a model is reused), so the names
// here stay put when the backend adds endpoints.
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type OkBody<P extends keyof paths, M extends 'get' | 'post' | 'put' | 'patch'> = paths[P] extends {
  [K in M]: { responses: infer R };
}
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer B }
      ? JsonOf<B>
      : never
  : never;

export type BookingRules = OkBody<'/api/v1/booking-rules', 'get'>;
export type BookingRulesIn = Schemas['BookingRulesIn'];
export type PenaltyPolicy = BookingRules['late_cancel_policy'];
export type Location = OkBody<'/api/v1/locations/{location_id}', 'get'>;
export type Room = Location['rooms'][number];
export type LocationIn = Loose<Schemas['LocationIn'], 'name'>;
export type LocationUpdate = Loose<Schemas['LocationUpdate']>;
export type RoomIn = Loose<Schemas['RoomIn'], 'name'>;
export type Service = OkBody<'/api/v1/services/{service_id}', 'get'>;
export type ServiceKind = Service['kind'];
export type ServiceIn = Loose<Schemas['ServiceIn'], 'name' | 'kind' | 'duration_minutes'>;
export type ServiceUpdate = Loose<Schemas['ServiceUpdate']>;
export type Availability = OkBody<'/api/v1/trainers/{trainer_id}/availability', 'get'>;
export type WorkingWindow = Availability['working_hours'][number];
export type WorkingWindowIn = Schemas['WorkingHoursIn']['working_hours'][number];
export type AvailabilityException = Availability['exceptions'][number];
export type ExceptionIn = Loose<Schemas['ExceptionIn'], 'on_date' | 'kind'>;
export type TimeOff = Availability['time_off'][number];
export type TimeOffIn = Loose<Schemas['TimeOffIn'], 'starts_at' | 'ends_at'>;
export type Slot = OkBody<'/api/v1/slots', 'get'>['items'][number];

export type CalendarOut = OkBody<'/api/v1/calendar', 'get'>;
export type CalendarEvent = CalendarOut['events'][number];
export type AppointmentStatus = CalendarEvent['status'];
export type SessionOut = OkBody<'/api/v1/sessions/{session_id}', 'get'>;
export type SessionIn = Loose<Schemas['SessionIn'], 'service_id' | 'trainer_id' | 'client_id' | 'starts_at'>;
export type SessionUpdate = Loose<Schemas['SessionUpdate']>;
export type ClassOut = OkBody<'/api/v1/classes/{class_id}', 'get'>;
export type ClassIn = Loose<Schemas['ClassIn'], 'service_id' | 'trainer_id' | 'starts_at'>;
export type ClassUpdate = Loose<Schemas['ClassUpdate']>;
export type RosterOut = OkBody<'/api/v1/classes/{class_id}/roster', 'get'>;
export type RosterEntry = RosterOut['items'][number];
export type Booking = OkBody<'/api/v1/bookings/{booking_id}', 'get'>;
export type BookingStatus = Booking['status'];
export type BookingIn = Loose<Schemas['BookingIn'], 'appointment_id'>;
export type SeriesIn = Loose<Schemas['SeriesIn'], 'service_id' | 'trainer_id' | 'starts_on' | 'start_time' | 'rrule'>;
export type SeriesEditIn = Loose<Schemas['SeriesEdit'], 'scope' | 'occurrence_id'>;
export type SeriesOut = OkBody<'/api/v1/series/{series_id}', 'get'>;
export type Feed = OkBody<'/api/v1/calendar/feeds', 'get'>['items'][number];
export type FeedCreated = OkBody<'/api/v1/calendar/feeds', 'post'>;
