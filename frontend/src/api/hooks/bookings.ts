import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { allPages, api, call, callWithResponse, etagOf } from '../client';
import type {
  Booking,
  BookingIn,
  CalendarOut,
  ClassIn,
  ClassOut,
  Feed,
  FeedCreated,
  GeneratedSchemas,
  RosterOut,
  SeriesEditIn,
  SeriesIn,
  SessionIn,
  SessionOut,
} from '../types';

/** Everything that changes when a booking or an appointment changes. */
const SCHEDULE_KEYS = [['calendar'], ['classes'], ['bookings'], ['roster'], ['slots'], ['session'], ['activity']];

function useInvalidateSchedule() {
  const queryClient = useQueryClient();
  return () => {
    for (const queryKey of SCHEDULE_KEYS) void queryClient.invalidateQueries({ queryKey });
  };
}

/** A fresh key per submit attempt: a retried request is not booked twice, a new attempt is new. */
function idempotencyHeaders(): Record<string, string> {
  return { 'Idempotency-Key': crypto.randomUUID() };
}

export interface CalendarParams {
  from: string;
  to: string;
  trainer_id?: string;
}

export function useCalendar(params: CalendarParams | null) {
  return useQuery({
    queryKey: ['calendar', params],
    enabled: params !== null,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }): Promise<CalendarOut> =>
      call(api.GET('/api/v1/calendar', { params: { query: params! }, signal })),
  });
}

// ---- 1:1 sessions ---------------------------------------------------------------------------------

export function useSession(id: string | null) {
  return useQuery({
    queryKey: ['session', id],
    enabled: Boolean(id),
    queryFn: ({ signal }): Promise<SessionOut> =>
      call(api.GET('/api/v1/sessions/{session_id}', { params: { path: { session_id: id! } }, signal })),
  });
}

export function useBookSession() {
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: (body: SessionIn) =>
      call(
        api.POST('/api/v1/sessions', {
          body: body as GeneratedSchemas['SessionIn'],
          params: { header: idempotencyHeaders() },
        }),
      ),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

/** A new start for a session or class; `allow_outside_hours` once staff confirmed the warning. */
export interface RescheduleIn {
  id: string;
  kind: 'one_to_one' | 'group';
  starts_at: string;
  allow_outside_hours?: boolean;
}

/** Reads the appointment for its ETag, then PATCHes it with If-Match (sessions and classes alike). */
export function useReschedule() {
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: async ({ id, kind, ...move }: RescheduleIn): Promise<unknown> => {
      if (kind === 'group') {
        const path = { class_id: id };
        const current = await callWithResponse(api.GET('/api/v1/classes/{class_id}', { params: { path } }));
        return call(
          api.PATCH('/api/v1/classes/{class_id}', {
            params: { path, header: { 'If-Match': etagOf(current.response) } },
            body: move as GeneratedSchemas['ClassUpdate'],
          }),
        );
      }
      const path = { session_id: id };
      const current = await callWithResponse(api.GET('/api/v1/sessions/{session_id}', { params: { path } }));
      return call(
        api.PATCH('/api/v1/sessions/{session_id}', {
          params: { path, header: { 'If-Match': etagOf(current.response) } },
          body: move as GeneratedSchemas['SessionUpdate'],
        }),
      );
    },
    onSettled: invalidate,
    meta: { inlineErrors: true },
  });
}

export function useCancelAppointment() {
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: ({ id, kind, reason }: { id: string; kind: 'one_to_one' | 'group'; reason?: string }): Promise<unknown> => {
      const body = (reason ? { reason } : {}) as GeneratedSchemas['CancelIn'];
      return kind === 'group'
        ? call(api.POST('/api/v1/classes/{class_id}/cancel', { params: { path: { class_id: id } }, body }))
        : call(api.POST('/api/v1/sessions/{session_id}/cancel', { params: { path: { session_id: id } }, body }));
    },
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

// ---- classes --------------------------------------------------------------------------------------

export function useClasses(params: { from: string; to: string; service_id?: string } | null) {
  return useQuery({
    queryKey: ['classes', params],
    enabled: params !== null,
    placeholderData: keepPreviousData,
    // A busy studio runs more than 100 classes in the two weeks the portal offers: every page.
    queryFn: ({ signal }): Promise<ClassOut[]> =>
      allPages((cursor) => call(api.GET('/api/v1/classes', { params: { query: { ...params!, limit: 100, cursor } }, signal }))),
  });
}

export function useClass(id: string | null) {
  return useQuery({
    queryKey: ['classes', 'detail', id],
    enabled: Boolean(id),
    queryFn: ({ signal }): Promise<ClassOut> =>
      call(api.GET('/api/v1/classes/{class_id}', { params: { path: { class_id: id! } }, signal })),
  });
}

export function useCreateClass() {
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: (body: ClassIn) => call(api.POST('/api/v1/classes', { body: body as GeneratedSchemas['ClassIn'] })),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

export function useRoster(classId: string | null) {
  return useQuery({
    queryKey: ['roster', classId],
    enabled: Boolean(classId),
    queryFn: ({ signal }): Promise<RosterOut> =>
      call(api.GET('/api/v1/classes/{class_id}/roster', { params: { path: { class_id: classId! } }, signal })),
  });
}

// ---- bookings -------------------------------------------------------------------------------------

export function useBookings(params: {
  when?: 'upcoming' | 'past';
  cancelled?: boolean;
  client_id?: string;
  cursor?: string | null;
}) {
  return useQuery({
    queryKey: ['bookings', params],
    placeholderData: keepPreviousData,
    queryFn: ({ signal }): Promise<{ items: Booking[]; next_cursor: string | null }> =>
      call(
        api.GET('/api/v1/bookings', {
          params: { query: { ...params, cursor: params.cursor ?? undefined, limit: 25 } },
          signal,
        }),
      ),
  });
}

export function useBookClass() {
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: (body: BookingIn) =>
      call(
        api.POST('/api/v1/bookings', {
          body: body as GeneratedSchemas['BookingIn'],
          params: { header: idempotencyHeaders() },
        }),
      ),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

export function useCancelBooking() {
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: (id: string) =>
      call(
        api.POST('/api/v1/bookings/{booking_id}/cancel', {
          params: { path: { booking_id: id } },
          body: {} as GeneratedSchemas['CancelIn'],
        }),
      ),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

/** `booked` takes an attended or no-show mark back (staff corrections). */
export type AttendanceAction = 'check-in' | 'attended' | 'no_show' | 'late_cancelled' | 'booked';

export function useMarkAttendance() {
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: ({ bookingId, action }: { bookingId: string; action: AttendanceAction }) =>
      action === 'check-in'
        ? call(api.POST('/api/v1/bookings/{booking_id}/check-in', { params: { path: { booking_id: bookingId } } }))
        : call(
            api.POST('/api/v1/bookings/{booking_id}/attendance', {
              params: { path: { booking_id: bookingId } },
              body: { status: action } as GeneratedSchemas['AttendanceIn'],
            }),
          ),
    onSuccess: invalidate,
  });
}

/** Staff strike out a booking made by mistake, once its session has started; the reason is required. */
export function useVoidBooking() {
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: ({ bookingId, reason }: { bookingId: string; reason: string }) =>
      call(
        api.POST('/api/v1/bookings/{booking_id}/void', {
          params: { path: { booking_id: bookingId } },
          body: { reason } as GeneratedSchemas['VoidIn'],
        }),
      ),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

/** Same-origin link the browser downloads with the session cookie. */
export function bookingIcsUrl(bookingId: string): string {
  return `/api/v1/bookings/${bookingId}/ics`;
}

// ---- series ---------------------------------------------------------------------------------------

export function useCreateSeries() {
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: (body: SeriesIn) => call(api.POST('/api/v1/series', { body: body as GeneratedSchemas['SeriesIn'] })),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

export function useEditSeries() {
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: ({ seriesId, body }: { seriesId: string; body: SeriesEditIn }) =>
      call(
        api.POST('/api/v1/series/{series_id}/edit', {
          params: { path: { series_id: seriesId } },
          body: body as GeneratedSchemas['SeriesEdit'],
        }),
      ),
    onSettled: invalidate,
    meta: { inlineErrors: true },
  });
}

export function useCancelSeries() {
  const invalidate = useInvalidateSchedule();
  return useMutation({
    mutationFn: ({ seriesId, scope, occurrenceId }: { seriesId: string; scope: SeriesEditIn['scope']; occurrenceId: string }) =>
      call(
        api.POST('/api/v1/series/{series_id}/cancel', {
          params: { path: { series_id: seriesId } },
          body: { scope, occurrence_id: occurrenceId } as GeneratedSchemas['SeriesCancel'],
        }),
      ),
    onSuccess: invalidate,
    meta: { inlineErrors: true },
  });
}

// ---- iCal feeds -----------------------------------------------------------------------------------

export function useFeeds() {
  return useQuery({
    queryKey: ['feeds'],
    queryFn: async ({ signal }): Promise<Feed[]> =>
      (await call(api.GET('/api/v1/calendar/feeds', { params: { query: { limit: 100 } }, signal }))).items,
  });
}

export function useCreateFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (): Promise<FeedCreated> => call(api.POST('/api/v1/calendar/feeds')),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['feeds'] }),
  });
}

export function useRevokeFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/calendar/feeds/{feed_id}', { params: { path: { feed_id: id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['feeds'] }),
  });
}

/** GET /clients/{id}/activity: the client's timeline of booking events, newest first, page by page. */
export function useClientActivity(clientId: string) {
  return useInfiniteQuery({
    queryKey: ['activity', clientId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/clients/{client_id}/activity', {
          params: { path: { client_id: clientId }, query: { limit: 20, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}
