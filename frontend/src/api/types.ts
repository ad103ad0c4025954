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
export type LoginIn = Loose<Schemas['LoginIn'], 'email' | 'password'>;
export type User = Schemas['MeOut.UserOut'];
export type Role = User['role'];

export type Client = Schemas['ClientOut'];
export type ClientIn = Loose<Schemas['ClientIn'], 'first_name' | 'last_name'>;
export type ClientUpdate = Loose<Schemas['ClientUpdate']>;
export type ClientStatus = Client['status'];
export type Gender = NonNullable<Client['gender']>;
export type HealthNotes = Schemas['HealthOut'];

/** A trainer assigned to a client (named through its path, like the scheduling types below). */
export type Assignment = OkBody<'/api/v1/clients/{client_id}/trainers/{trainer_id}', 'put'>;

export type Trainer = Schemas['TrainerOut'];
export type TrainerIn = Loose<Schemas['TrainerIn'], 'first_name' | 'last_name' | 'email'>;
export type TrainerUpdate = Loose<Schemas['TrainerUpdate']>;

export type Invitation = Schemas['InvitationList']['items'][number];
export type IssuedInvitation = Schemas['InvitationIssuedOut'];
export type InvitationIn = Loose<Schemas['InvitationIn'], 'role'>;
export type InvitationPreview = Schemas['InvitationPreviewOut'];

/** A login as the admins' users list shows it, and what switching one off ended. */
export type ListedUser = Schemas['UserList']['items'][number];
export type TwoFactorRequirement = Schemas['TwoFactorRequirementOut']['required_for'];
export type UserDeactivated = Schemas['UserDeactivatedOut'];

export type SignedInSession = Schemas['SignedInSessionList']['items'][number];
export type TwoFactorStatus = Schemas['TwoFactorStatusOut'];
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

export type Business = OkBody<'/api/v1/business', 'get'>;
export type BusinessIn = Schemas['BusinessIn'];
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

// ---- Training ----------------------------------------------------------------------------------
export type Exercise = OkBody<'/api/v1/exercises/{exercise_id}', 'get'>;
export type ExerciseFacets = OkBody<'/api/v1/exercises/facets', 'get'>;
export type FacetOption = ExerciseFacets['muscles'][number];
export type ExerciseIn = Loose<Schemas['ExerciseIn'], 'name' | 'category' | 'primary_muscles' | 'equipment' | 'tracking'>;
export type ExerciseCategory = Exercise['category'];
export type Tracking = Exercise['tracking'];
export type WorkoutTemplate = OkBody<'/api/v1/workout-templates/{template_id}', 'get'>;
export type BlockOut = WorkoutTemplate['blocks'][number];
export type PrescriptionOut = BlockOut['exercises'][number];
export type LoadOut = NonNullable<PrescriptionOut['load']>;
export type TemplateIn = Schemas['TemplateIn'];
export type BlockIn = NonNullable<TemplateIn['blocks']>[number];
export type PrescriptionIn = BlockIn['exercises'][number];
export type LoadIn = NonNullable<PrescriptionIn['load']>;
export type BlockKind = BlockIn['kind'];
export type Program = OkBody<'/api/v1/programs/{program_id}', 'get'>;
export type ProgramSummary = OkBody<'/api/v1/programs', 'get'>['items'][number];
export type ProgramDay = Program['days'][number];
export type ProgramDayIn = Schemas['ProgramDaysIn']['days'][number];
export type Progression = Program['progression'];
export type ProgramAssignment = OkBody<'/api/v1/program-assignments/{assignment_id}', 'get'>;
export type ProgramAssignmentIn = Loose<Schemas['ProgramAssignmentIn'], 'client_id' | 'start_date'>;
export type Plan = OkBody<'/api/v1/clients/{client_id}/plan', 'get'>;
export type PlannedWorkout = Plan['items'][number];
export type WorkoutLog = OkBody<'/api/v1/workout-logs/{log_id}', 'get'>;
export type WorkoutLogSummary = OkBody<'/api/v1/workout-logs', 'get'>['items'][number];
export type WorkoutLogIn = Loose<Schemas['WorkoutLogIn'], 'client_id'>;
export type SetOut = WorkoutLog['sets'][number];
export type SetIn = Loose<Schemas['SetIn'], 'exercise_id' | 'position' | 'set_number'>;
export type SetResult = OkBody<'/api/v1/workout-logs/{log_id}/sets', 'post'>;
export type PersonalRecord = SetResult['new_records'][number];
export type RecordKind = PersonalRecord['kind'];
export type ExerciseHistory = OkBody<'/api/v1/clients/{client_id}/exercises/{exercise_id}/history', 'get'>;

// ---- Progress ----------------------------------------------------------------------------------
export type Metric = OkBody<'/api/v1/metrics', 'get'>['items'][number];
export type Quantity = Metric['quantity'];
export type Measurement = OkBody<'/api/v1/clients/{client_id}/measurements', 'post'>;
export type MeasurementIn = Loose<Schemas['MeasurementIn'], 'value'>;
export type Goal = OkBody<'/api/v1/goals/{goal_id}', 'get'>;
export type GoalIn = Loose<Schemas['GoalIn'], 'direction' | 'target_value'>;
export type GoalUpdate = Loose<Schemas['GoalUpdate']>;
export type GoalDirection = Goal['direction'];
export type Photo = OkBody<'/api/v1/clients/{client_id}/progress-photos', 'get'>['items'][number];
export type PhotoPose = Photo['pose'];
export type Progress = OkBody<'/api/v1/clients/{client_id}/progress', 'get'>;
export type MetricSeries = Progress['metrics'][number];
export type TrainingSeries = Progress['training'];
export type UnitSystem = Progress['unit_system'];

// ---- Status page and System page ---------------------------------------------------------------
export type PublicStatus = OkBody<'/api/v1/status', 'get'>;
export type ComponentStatus = PublicStatus['components'][number];
export type ComponentState = ComponentStatus['status'];
export type ComponentKey = ComponentStatus['key'];
export type PublicIncident = PublicStatus['incidents'][number];
export type IncidentStatus = PublicIncident['status'];
export type IncidentImpact = PublicIncident['impact'];
export type Incident = OkBody<'/api/v1/status/incidents/{incident_id}', 'get'>;
export type IncidentIn = Loose<Schemas['IncidentIn'], 'title' | 'impact' | 'components' | 'message'>;
export type IncidentUpdateIn = Schemas['IncidentUpdateIn'];
export type SystemReport = OkBody<'/api/v1/system', 'get'>;
